import type { EventLog } from '../log/event-log.js';
import { quietRunOf } from '../machine/call-plan.js';
import { selectView, type SoftphoneSnapshot, type SoftphoneView } from '../machine/selectors.js';
import { softphoneMachine } from '../machine/softphone.machine.js';
import type { LoginRequest, SoftphoneEvent } from '../machine/types.js';
import type { Capabilities } from '../model/capabilities.js';
import type { StatusChange, StatusContext } from '../model/status-change.js';
import { ActorHost } from './actor-host.js';
import { CommandRunner } from './command-runner.js';
import type { SoftphoneConfig } from './config.js';
import type { EventBus } from './event-bus.js';
import type { Kernel } from './kernel.js';
import { machineInputOf } from './logged-out.js';
import { Projection } from './projection.js';
import { reactTo } from './reactions.js';
import type { StoredSession } from './session-store.js';
import { specs } from './specs.js';
import { TabLink } from './tab-link.js';
import type { CommandOptions, SoftphoneEventMap, StatusMatch, WhenStatusOptions } from './types.js';
import { machineSettingsOf } from './validate.js';
import { VendorBridge, type LoginSecret } from './vendor-bridge.js';
import { whenStatus } from './when-status.js';

/** What the engine shares with the {@link Softphone} that loaded it (core/softphone-session.ts). */
export interface EngineHost {
  /** The softphone: owner of the kept session in this page. */
  readonly owner: object;
  readonly log: EventLog;
  readonly bus: EventBus<SoftphoneEventMap>;
  config(): Readonly<SoftphoneConfig>;
  requestTimeout(): number;
  /** When the softphone was created (status -1 entered). */
  readonly since: number;
  /** Fetches the outbound prefixes (after a login). */
  getPrefixes(): Promise<unknown>;
}

/**
 * The session engine: the statechart and everything that runs it (actor host, command runner, vendor bridge,
 * projection, reactions, waits on a status, the kept session and the tab link). A lazy chunk of its own: the
 * {@link Softphone} loads it on its first command, `start()` or `reattach()` (docs/architecture.md, "What loads when").
 */
export class SessionEngine {
  readonly runner: CommandRunner;
  readonly #host: EngineHost;
  readonly #actor: ActorHost;
  readonly #bridge: VendorBridge;
  readonly #projection: Projection;
  readonly #kernel: Kernel;
  readonly #stopWaiters = new Set<() => void>();
  /** The tab session when the tabs of the origin share one agent session (`sharedSession`). */
  #tabs: TabLink | undefined;

  constructor(host: EngineHost) {
    this.#host = host;
    const config = host.config();
    const input = machineInputOf(config);
    const kernel: Kernel = {
      log: host.log,
      bus: host.bus,
      start: () => this.start(),
      send: (event: SoftphoneEvent) => this.#actor.send(event),
      view: () => this.view,
      quietRun: (facts) => quietRunOf(this.#actor.snapshot(), facts),
      config: host.config,
      vendorName: config.vendor,
      requestTimeout: host.requestTimeout,
    };
    this.#kernel = kernel;
    this.#bridge = new VendorBridge(kernel);
    this.runner = new CommandRunner(kernel, this.#bridge);
    this.#projection = new Projection(
      config.vendor,
      host.bus,
      host.log,
      {
        loggedOut: () => this.#bridge.forgetSession(host.owner),
        idle: () => {
          if (this.#bridge.hasVendor && !this.runner.signingIn) this.#bridge.dispose();
        },
      },
      host.since,
    );
    const machine = softphoneMachine.provide({ actors: this.#bridge.actors() });
    this.#actor = new ActorHost(
      machine,
      { input },
      {
        snapshot: (snapshot) => this.#projection.update(snapshot),
        emitted: (emitted) =>
          reactTo(emitted, kernel, this.runner, this.#bridge, {
            owner: host.owner,
            fetchPrefixes: () => host.getPrefixes(),
          }),
        recovered: (error) => {
          host.bus.emit('error', error);
          this.#actor.send({ type: 'heartbeat.tick' });
          this.#actor.send({ type: 'calls.resync' });
        },
      },
      host.log,
    );
  }

  /** The configuration changed (while logged out): the statechart takes the new settings. */
  configured(config: SoftphoneConfig, capabilities: Capabilities | undefined): void {
    this.#actor.send({
      type: 'config.update',
      settings: machineSettingsOf(config),
      ...(capabilities ? { capabilities } : {}),
    });
  }

  get started(): boolean {
    return this.#actor.started;
  }

  start(): void {
    if (this.#actor.started) return;
    this.#actor.start();
    this.#bridge.prefetch();
    if (this.#host.config().sharedSession) this.#shareTabs();
  }

  #shareTabs(): void {
    const scope = this.#bridge.tabScope();
    if (!scope) return;
    this.#tabs = new TabLink(this.#kernel, this.#bridge, scope, {
      idle: () => this.view.code === -1 && !this.runner.signingIn,
      join: (kept) => this.#reattachWith(kept),
    });
  }

  get ringsHere(): boolean {
    return this.#tabs?.ringsHere ?? true;
  }

  stop(): void {
    if (!this.#actor.started) return;
    this.#bridge.release(this.#host.owner);
    this.#actor.stop();
    this.#bridge.dispose();
    this.#tabs?.dispose();
    this.#tabs = undefined;
    this.#bridge.setFactoryWrapper(undefined);
    for (const waiter of this.#stopWaiters) waiter();
  }

  getSnapshot(): SoftphoneSnapshot {
    return this.#actor.snapshot();
  }

  get view(): SoftphoneView {
    return selectView(this.#actor.snapshot());
  }

  get statusSince(): number {
    return this.#projection.since;
  }

  get connection() {
    return this.#projection.connection;
  }

  statusContext(snapshot: SoftphoneSnapshot): StatusContext {
    return this.#projection.context(selectView(snapshot));
  }

  whenStatus(match: StatusMatch, options: WhenStatusOptions): Promise<StatusChange> {
    const source = {
      bus: this.#host.bus,
      current: (): StatusChange => ({
        code: this.#projection.code,
        lastCode: this.#projection.lastCode,
        context: this.statusContext(this.getSnapshot()),
      }),
      onStop: (callback: () => void) => {
        this.#stopWaiters.add(callback);
        return () => this.#stopWaiters.delete(callback);
      },
    };
    return whenStatus(source, match, options.timeoutMs ?? this.#host.requestTimeout(), options.signal);
  }

  /** The login of a checked request; the secrets go to the vendor once. */
  login(request: LoginRequest, secret: LoginSecret, options: CommandOptions): Promise<void> {
    return this.runner.signIn('login', { type: 'agent.login', request }, options, () => this.#bridge.setSecret(secret));
  }

  reattach(options: CommandOptions): Promise<boolean> {
    this.start();
    if (this.view.code !== -1 || this.runner.signingIn) return Promise.resolve(false);
    const kept = this.#bridge.loadKept(this.#host.owner);
    if (!kept) return Promise.resolve(false);
    return this.#reattachWith(kept, options);
  }

  #reattachWith(kept: StoredSession, options: CommandOptions = {}): Promise<boolean> {
    const request: LoginRequest = {
      jobNumber: kept.jobNumber,
      domain: kept.domain,
      extension: kept.extension,
      loginMode: 'force',
      initialMode: 'NotReady',
    };
    return this.runner
      .signIn('reattach', { type: 'agent.reattach', request }, options, () => this.#bridge.setKept(kept))
      .then(() => true);
  }

  send(event: SoftphoneEvent): void {
    this.#actor.send(event);
  }

  async logout(options: CommandOptions): Promise<void> {
    this.start();
    if (this.view.code === 0) {
      const wasRequested = this.runner.signingIn && this.view.identity !== undefined;
      this.#actor.send({ type: 'agent.cancelLogin' });
      // The Login request may already have reached the server: log out there too, best effort.
      if (wasRequested)
        await this.runner.run({ operation: 'logout', command: { type: 'logout' } }, options).catch(() => {});
      return;
    }
    await this.runner.run(specs.logout(), options);
    this.#actor.send({ type: 'agent.logoutAccepted' });
  }
}
