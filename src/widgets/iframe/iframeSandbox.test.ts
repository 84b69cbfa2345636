import { describe, expect, it } from 'vitest';
import { iframeContent, iframeSandboxAttribute, iframeSandboxTokens } from './iframeSandbox';

describe('iframeSandboxAttribute', () => {
  it('sandboxes with scripts, forms and popups but never allow-same-origin', () => {
    const attribute = iframeSandboxAttribute(true);
    expect(attribute).toBe(iframeSandboxTokens);
    expect(attribute?.split(' ').sort()).toEqual(['allow-forms', 'allow-popups', 'allow-scripts']);
    expect(attribute).not.toContain('allow-same-origin');
    expect(attribute).not.toContain('allow-top-navigation');
  });

  it('drops the attribute only when the server turned sandboxing off', () => {
    expect(iframeSandboxAttribute(false)).toBeUndefined();
  });

});

describe('iframeContent', () => {
  it('prefers srcDoc over source', () => {
    expect(iframeContent('https://example.com', '<p>hi</p>')).toEqual({ kind: 'srcdoc', html: '<p>hi</p>' });
  });

  it('uses http and https URLs', () => {
    expect(iframeContent('https://example.com/a?b=1', '')).toEqual({ kind: 'url', url: 'https://example.com/a?b=1' });
    expect(iframeContent(' http://127.0.0.1:8080/echo ', undefined)).toEqual({ kind: 'url', url: 'http://127.0.0.1:8080/echo' });
  });

  it.each(['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>1</script>', 'blob:https://x/y', 'file:///etc/passwd'])('refuses %s', (source) => {
    expect(iframeContent(source, '').kind).toBe('none');
  });

  it('shows nothing for empty, relative or non-string sources', () => {
    expect(iframeContent('', '').kind).toBe('none');
    expect(iframeContent('   ', '  ').kind).toBe('none');
    expect(iframeContent('/api/v1/auth/me', '').kind).toBe('none');
    expect(iframeContent(42, null).kind).toBe('none');
    expect(iframeContent(undefined, { html: 'x' }).kind).toBe('none');
  });
});
