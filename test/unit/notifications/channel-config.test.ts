import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/src/ports/clock.ts';
import {
  buildChannels,
  parseChannelSettings,
  type RawChannelSettings,
} from '../../../functions/src/notifications/channel-config.ts';

const RAW: RawChannelSettings = {
  email: {
    enabled: true,
    baseUrl: 'https://api.sendgrid.com',
    apiKey: 'fake-sendgrid-key',
    from: 'engine@example.com',
    to: ' a@example.com, b@example.com ,',
  },
  telegram: { enabled: false, baseUrl: '', botToken: '', chatId: '' },
  discord: { enabled: true, webhookUrl: 'https://discord.com/api/webhooks/1/t' },
  webhook: { enabled: false, url: 'not a url', signingSecret: '' },
};

describe('parseChannelSettings', () => {
  it('splits the recipient list and skips the checks of disabled channels', () => {
    const settings = parseChannelSettings(RAW);
    expect(settings.email?.to).toEqual(['a@example.com', 'b@example.com']);
    expect(settings.telegram).toBeNull();
    expect(settings.webhook).toBeNull();
    expect(buildChannels(settings, new ManualClock(0)).map((channel) => channel.name)).toEqual([
      'email',
      'discord',
    ]);
  });

  it('names the field of an enabled channel that is misconfigured', () => {
    expect(() => parseChannelSettings({ ...RAW, email: { ...RAW.email, from: 'nobody' } })).toThrow(/from/);
    expect(() =>
      parseChannelSettings({
        ...RAW,
        webhook: { enabled: true, url: 'https://hooks.example.com', signingSecret: 'short' },
      }),
    ).toThrow(/signingSecret/);
    expect(() => parseChannelSettings({ ...RAW, email: { ...RAW.email, to: ' , ' } })).toThrow(/to/);
  });
});
