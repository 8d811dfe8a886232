import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './load.js';

describe('loadConfig', () => {
  it('with nothing set -> port 8080, public URL on localhost, embedded services', () => {
    const config = loadConfig({});

    expect(config).toMatchObject({
      port: 8080,
      publicUrl: 'http://localhost:8080',
      dataDir: './data',
      databaseUrl: undefined,
      redisUrl: undefined,
      amqpUrl: undefined,
      logLevel: 'info',
    });
  });

  it('PORT=9090 -> the default public URL follows the port', () => {
    expect(loadConfig({ PORT: '9090' }).publicUrl).toBe('http://localhost:9090');
  });

  it('PUBLIC_URL with a trailing slash -> stored without it', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://id.example.com/' }).publicUrl).toBe(
      'https://id.example.com',
    );
  });

  it.each([
    ['DATABASE_URL', 'mysql://x', 'a URL starting with postgres:// or postgresql://'],
    ['REDIS_URL', 'http://127.0.0.1:6379', 'a URL starting with redis:// or rediss://'],
    ['AMQP_URL', 'not a url', 'a URL starting with amqp:// or amqps://'],
    ['PORT', 'abc', 'a whole number from 1 to 65535'],
    ['PORT', '70000', 'a whole number from 1 to 65535'],
    ['PORT', '0', 'a whole number from 1 to 65535'],
    ['PORT', '80.5', 'a whole number from 1 to 65535'],
    ['LOG_LEVEL', 'loud', 'one of error, warn, info, http, debug'],
    ['LOG_FORMAT', 'xml', 'one of auto, json, pretty'],
    ['LATCHKEY_OUTBOX_POLL_MS', 'soon', 'a whole number from 10 to 60000'],
    ['LATCHKEY_CONSUMER_RETRY_DELAYS_MS', '1s,5s', 'a comma-separated list of millisecond'],
    ['PUBLIC_URL', 'ftp://id.example.com', 'a URL starting with http:// or https://'],
  ])('%s=%s -> ConfigError naming the variable and expecting %s', (name, value, expected) => {
    const load = () => loadConfig({ [name]: value });

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(new RegExp(`^${name}=.* is invalid: expected ${expected}`));
  });

  it('a bad URL with a password -> the message never shows the password', () => {
    let message = '';
    try {
      loadConfig({ DATABASE_URL: 'mysql://admin:s3cr3t-pw@db.internal/x' });
    } catch (error) {
      message = (error as Error).message;
    }

    expect(message).toMatch(/^DATABASE_URL=/);
    expect(message).not.toContain('s3cr3t-pw');
  });

  it('an empty variable -> treated as unset, so its default applies', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({
      port: 8080,
      databaseUrl: undefined,
    });
  });
});
