// Imported first by main.tsx. The page is the service root and every URL the UI uses is relative, so the address
// must end in "/": ThreatConnect's Services page may link to .../v1 without it. The slash is added in place (no
// reload) before anything relative is fetched, or, where the history cannot be changed, a <base> says it.
// (The page's own script and style load either way: index.html names them v<major>/ui/…, which the service also
// serves under /v<major>/ui/.)
const path = location.pathname;
if (!path.endsWith('/')) {
  try {
    history.replaceState(history.state, '', `${path}/${location.search}${location.hash}`);
  } catch {
    const base = document.createElement('base');
    base.href = `${path}/`;
    document.head.appendChild(base);
  }
}
export {};
