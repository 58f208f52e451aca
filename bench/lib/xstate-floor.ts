// The floor of any design that runs one xstate transition per server event: a bare xstate v5 actor of the
// softphone statechart's shape (a parallel root with a connection region and a nested agent region, a context of
// as many fields as the real one: 18; at 20 fields V8 turns every copy `assign` makes into a slow dictionary object) whose only work per event is the cheapest transition the core makes for a call fact — a
// guarded, targetless root transition with one `assign` — after JSON.parse of the body. No codec, no reducer, no
// view, no listeners. The ratio bench times it beside the core so the core's figure can be read against it.
import { assign, createActor, setup } from 'xstate';

interface FloorContext {
  events: number;
  lastSerial: number;
  // the other fields of the real context, copied by every assign as they are there
  [field: `f${number}`]: unknown;
}

const floorMachine = setup({
  types: {} as { context: FloorContext; events: { type: 'fact'; serial: number } },
}).createMachine({
  type: 'parallel',
  context: () => {
    const context: FloorContext = { events: 0, lastSerial: 0 };
    for (let i = 0; i < 16; i++) context[`f${i}`] = undefined;
    return context;
  },
  on: {
    fact: {
      guard: ({ context, event }) => event.serial > context.lastSerial,
      actions: assign(({ context, event }) => ({ events: context.events + 1, lastSerial: event.serial })),
    },
  },
  states: {
    connection: { initial: 'connected', states: { connected: {}, reconnecting: {} } },
    agent: {
      initial: 'signedIn',
      states: {
        loggedOut: {},
        signedIn: { initial: 'notReady', states: { ready: {}, notReady: {}, afterCall: {} } },
      },
    },
  },
});

/** A started floor actor: `push(body)` parses the body and sends one event; `events()` counts those it applied. */
export function xstateFloor(): { push: (body: string) => void; events: () => number; stop: () => void } {
  const actor = createActor(floorMachine);
  actor.subscribe(() => {});
  actor.start();
  return {
    push: (body) => actor.send({ type: 'fact', serial: (JSON.parse(body) as { serial: number }).serial }),
    events: () => actor.getSnapshot().context.events,
    stop: () => actor.stop(),
  };
}
