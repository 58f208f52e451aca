// @ts-check

/** Password of every built-in agent. */
export const DEFAULT_PASSWORD = '123456';

/** TPI accepts these job numbers (with the right password and domain), so Login can answer 452 for those not in the directory. */
export const TPI_JOB_RANGE = Object.freeze({ min: 5001, max: 5999 });

/** Agent that is disabled by default (Login → 423). */
export const DISABLED_AGENT = '5010';

/** Extension that is not registered to SIP by default (Login → 451). */
export const UNREGISTERED_EXTENSION = '8009';

/** Duplicated on purpose: the client is expected to deduplicate. */
export const DEFAULT_PREFIXES = Object.freeze(['9', '6', '9']);

/**
 * @typedef {object} AgentEntry
 * @property {string} job
 * @property {string} name
 * @property {string} password
 * @property {boolean} disabled
 * @property {string[]} prefixes
 */

/**
 * @typedef {object} ExtensionEntry
 * @property {string} ext
 * @property {boolean} registered
 */

/**
 * The initial directory: agents 5001–5010 and extensions 8001–8010.
 * @returns {{agents: AgentEntry[], extensions: ExtensionEntry[]}}
 */
export function createDirectory() {
  const numbers = Array.from({ length: 10 }, (_, i) => i + 1);
  return {
    agents: numbers.map((n) => {
      const job = String(5000 + n);
      return {
        job,
        name: `Agent ${job}`,
        password: DEFAULT_PASSWORD,
        disabled: job === DISABLED_AGENT,
        prefixes: [...DEFAULT_PREFIXES],
      };
    }),
    extensions: numbers.map((n) => {
      const ext = String(8000 + n);
      return { ext, registered: ext !== UNREGISTERED_EXTENSION };
    }),
  };
}
