import { strict as assert } from 'node:assert';
import { channelRoot } from '../../src/escalations';

describe('channelRoot', () => {
  it('addresses the channel itself, not the thread of the message that set it', () => {
    const root = channelRoot({
      activityId: '1700000000000',
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      conversation: {
        id: '19:abc@thread.tacv2;messageid=1700000000000',
        conversationType: 'channel',
        isGroup: true,
        name: '',
      },
    });
    assert.equal(root.activityId, undefined, 'a continuation with an activityId would reply in that thread');
    assert.equal(root.conversation?.id, '19:abc@thread.tacv2');
    assert.equal(root.serviceUrl, 'https://smba.trafficmanager.net/emea/');
  });
});
