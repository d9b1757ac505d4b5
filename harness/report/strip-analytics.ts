// Allure 3 embeds a Google Tag Manager loader in every report with no switch to turn it off; an offline
// report must not phone home, so the loader and its inline gtag() setup are removed.
export function stripAnalytics(html: string): { html: string; removed: number } {
  let removed = 0;
  const out = html
    .replace(/<script[^>]*googletagmanager\.com[^>]*>\s*<\/script>/gi, () => {
      removed++;
      return "";
    })
    .replace(/<script>(?:(?!<\/script>)[\s\S])*?\bgtag\((?:(?!<\/script>)[\s\S])*?<\/script>/gi, () => {
      removed++;
      return "";
    });
  return { html: out, removed };
}
