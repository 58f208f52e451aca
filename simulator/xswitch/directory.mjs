// @ts-check

/** Default XSwitch domain (the `@domain` of every Verto login). */
export const XSWITCH_DOMAIN = 'xswitch.cn';
/** Password of every built-in user. */
export const XSWITCH_PASSWORD = '1234';
/** The one call-center queue. */
export const XSWITCH_QUEUE = '100000';
/** The one agent group (XSwitch hard-codes `default`). */
export const XSWITCH_GROUP = 'default';
/** The user that may subscribe to `vcc` (everything) and act for every agent. */
export const XSWITCH_SUPERVISOR = '1010';
/** Users, agents (job numbers) and extensions. */
export const XSWITCH_USER_RANGE = Object.freeze({ first: 1001, last: 1010 });

/**
 * @typedef {object} XSwitchUser
 * @property {string} id user id = job number = extension number (`1001`)
 * @property {string} uid `id@domain`
 * @property {string} password
 * @property {string} token user token accepted as `loginParams.xui_sessid` (`token-1001`)
 * @property {string} extn the agent's extension
 * @property {string} group
 * @property {boolean} supervisor may subscribe to `vcc` and act for every agent
 */

/**
 * The built-in XSwitch directory of one simulator instance.
 */
export class XSwitchDirectory {
  /** @type {Map<string, XSwitchUser>} */
  users = new Map();
  /** @type {Map<string, XSwitchUser>} token → user */
  #tokens = new Map();

  /**
   * @param {{domain?: string}} [options]
   */
  constructor({ domain = XSWITCH_DOMAIN } = {}) {
    this.domain = domain;
    this.queue = XSWITCH_QUEUE;
    this.group = XSWITCH_GROUP;
    for (let n = XSWITCH_USER_RANGE.first; n <= XSWITCH_USER_RANGE.last; n++) {
      const id = String(n);
      /** @type {XSwitchUser} */
      const user = {
        id,
        uid: `${id}@${domain}`,
        password: XSWITCH_PASSWORD,
        token: `token-${id}`,
        extn: id,
        group: XSWITCH_GROUP,
        supervisor: id === XSWITCH_SUPERVISOR,
      };
      this.users.set(id, user);
      this.#tokens.set(user.token, user);
    }
  }

  /**
   * @param {string} token
   * @returns {XSwitchUser | undefined}
   */
  userByToken(token) {
    return this.#tokens.get(token);
  }

  /**
   * Agent name as the ccc functions accept it: `1001`, `default.1001` (`<group>.<job>`), also `1001@domain`.
   * @param {unknown} agent
   * @returns {XSwitchUser | undefined}
   */
  agent(agent) {
    if (typeof agent === 'number') agent = String(agent);
    if (typeof agent !== 'string' || agent === '') return undefined;
    let name = agent;
    const at = name.indexOf('@');
    if (at !== -1) {
      if (name.slice(at + 1) !== this.domain) return undefined;
      name = name.slice(0, at);
    }
    const dot = name.lastIndexOf('.');
    const group = dot === -1 ? undefined : name.slice(0, dot);
    const job = dot === -1 ? name : name.slice(dot + 1);
    const user = this.users.get(job);
    if (!user || (group !== undefined && group !== user.group)) return undefined;
    return user;
  }

  /**
   * Event-channel permission (XSwitch's `jsonrpc-allowed-event-channels`, as the simulator assumes it):
   * a user may subscribe to `vcc.<group>.<self>` and `vcc.<group>`; the supervisor to `vcc` and
   * everything under it. Nothing else.
   * @param {XSwitchUser} user
   * @param {string} channel
   * @returns {boolean}
   */
  maySubscribe(user, channel) {
    if (user.supervisor) return channel === 'vcc' || channel.startsWith('vcc.');
    return channel === `vcc.${user.group}` || channel === `vcc.${user.group}.${user.id}`;
  }
}
