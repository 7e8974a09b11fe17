import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import MessageViewBase64 from '../../../../renderer/components/messages/MessageViewBase64.vue';

describe('MessageViewBase64', () => {
  it('shows the exact bytes as base64, for text and for binary', () => {
    // "héllo" is 68 c3 a9 6c 6c 6f in UTF-8.
    const text = mount(MessageViewBase64, { props: { value: { encoding: 'utf8', data: 'héllo' } } });
    expect(text.get('pre').text()).toBe('aMOpbGxv');
    const binary = mount(MessageViewBase64, { props: { value: { encoding: 'base64', data: '/wBBQgo=' } } });
    expect(binary.get('pre').text()).toBe('/wBBQgo=');
  });

  it('says null for a missing value', () => {
    const w = mount(MessageViewBase64, { props: { value: null } });
    expect(w.find('pre').exists()).toBe(false);
    expect(w.text()).toContain('null (no bytes)');
  });
});
