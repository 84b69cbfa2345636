import type { WidgetRenderProps } from '../widgetRenderProps';
import { WidgetFrame } from '../WidgetFrame';
import { displayText } from '../displayText';
import { iframeContent, iframeSandboxAttribute } from './iframeSandbox';

/** Shows a URL or HTML in a frame whose sandbox comes only from the server's client config (I6). */
export function IframeWidget(props: WidgetRenderProps) {
  const content = iframeContent(props.values.source, props.values.srcDoc);
  const title = displayText(props.values.title) || props.name;
  const sandbox = iframeSandboxAttribute(props.iframeWidgetSandbox);
  return (
    <WidgetFrame name={props.name} kind="iframe" errors={props.errors} className={props.mode === 'edit' ? 'cw-iframe--edit' : undefined}>
      {content.kind === 'none' ? (
        <div className="cw-iframe__empty">{content.reason}</div>
      ) : (
        <iframe
          // A new key when the content kind changes: switching an existing frame from srcdoc to src is unreliable.
          key={content.kind}
          title={title}
          sandbox={sandbox}
          referrerPolicy="no-referrer"
          {...(content.kind === 'srcdoc' ? { srcDoc: content.html } : { src: content.url })}
        />
      )}
    </WidgetFrame>
  );
}
