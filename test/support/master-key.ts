/**
 * The master key of every test process, in-process containers and spawned servers alike. The
 * whole run shares one database: whichever process first creates the `system` tenant encrypts
 * its signing key, and every later process must be able to decrypt it.
 */
export const TEST_MASTER_KEY = 'bGF0Y2hrZXktdGVzdHMtb25seS1tYXN0ZXIta2V5ISE';
