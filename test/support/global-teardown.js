export default async function globalTeardown() {
  await globalThis.__LATCHKEY_EMBEDDED__?.stop();
}
