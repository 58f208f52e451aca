/**
 * What a backend hands the in-browser audio layer when the agent's calls ring in the browser (Aliyun `ON_SITE`,
 * from GetLoginDetails: docs/protocols/aliyun.md). `secrets` must never be logged or shown.
 */
export interface SipRegistration {
  /** The SIP server URL to register with (Aliyun `SipServerUrl`). */
  server: string;
  /** The agent's extension: the SIP user the calls ring. */
  extension: string;
  /** The backend's registration secrets by their wire names (Aliyun `Signature2`, `UserKey2`). */
  secrets: Readonly<Record<string, string>>;
}

/**
 * The in-browser audio (a WebRTC SIP user agent) the host provides. The adapter registers it after login when the
 * agent's calls ring in the browser, and unregisters it at logout.
 */
export interface AudioLayer {
  /** Registers the browser as the agent's phone. A rejection is logged; the session goes on without audio. */
  register(registration: SipRegistration): Promise<void>;
  /** Ends the registration (logout, session ended). */
  unregister(): void;
}
