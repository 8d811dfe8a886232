import type { Container } from '../../container.js';

/** What the account services use from the container. */
export type AccountDeps = Pick<Container, 'db' | 'crypto' | 'cache' | 'config'>;

/** The tenant as the account services need it. */
export interface AccountTenant {
  id: string;
  slug: string;
  /** Sign-up policy: when non-empty, only these email domains may self-register. */
  allowedDomains?: readonly string[];
  settings: {
    signupEnabled: boolean;
    requireEmailVerification: boolean;
    sessionIdleMinutes: number;
    sessionAbsoluteHours: number;
  };
}
