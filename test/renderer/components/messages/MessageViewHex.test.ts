import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import MessageViewHex from '../../../../renderer/components/messages/MessageViewHex.vue';
import MessageViewText from '../../../../renderer/components/messages/MessageViewText.vue';

describe('MessageViewHex', () => {
  it('shows binary bytes exactly, hex beside ASCII', () => {
    // 0xff 0x00 'A' 'B' 0x0a: not UTF-8, so it arrives as base64.
    const w = mount(MessageViewHex, { props: { value: { encoding: 'base64', data: '/wBBQgo=' } } });
    expect(w.findAll('.line')).toHaveLength(1);
    const line = w.get('.line');
    expect(line.find('.offset').text()).toBe('00000000');
    expect(line.find('.hex').text()).toBe('ff 00 41 42 0a');
    expect(line.find('.ascii').text()).toBe('|..AB.|');
  });

  it('says null for a missing value', () => {
    const w = mount(MessageViewHex, { props: { value: null } });
    expect(w.text()).toContain('null (no bytes)');
  });
});

describe('MessageViewText', () => {
  it('shows text and refuses to mangle binary into text', () => {
    expect(
      mount(MessageViewText, { props: { value: { encoding: 'utf8', data: 'héllo' } } })
        .find('pre')
        .text(),
    ).toBe('héllo');
    const bin = mount(MessageViewText, { props: { value: { encoding: 'base64', data: '/wA=' } } });
    expect(bin.find('pre').exists()).toBe(false);
    expect(bin.text()).toContain('not valid UTF-8');
  });
});
