export {
  type LoginSession,
  type NewLoginSession,
  type SessionPolicy,
  SessionStore,
} from './session-store.js';
