/** The one stylesheet, served at /assets/app.css (the CSP allows no inline styles). Phone-first. */
export const APP_CSS = `
:root{--ink:#1f2933;--muted:#61707f;--line:#d9e0e7;--brand:#0b5cad;--red:#b42318;--yellow:#a15c07;--green:#067647;--bg:#f6f8fa}
*{box-sizing:border-box}body{margin:0;font:16px/1.55 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--brand)}header{background:#fff;border-bottom:1px solid var(--line)}
.bar{max-width:1100px;margin:0 auto;padding:.6rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
.bar .brand{font-weight:700;text-decoration:none;color:var(--ink);margin-right:auto}
.bar form{margin:0}main{max-width:1100px;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;margin:.5rem 0 1rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:1rem;margin:0 0 1rem}
table{width:100%;border-collapse:collapse;background:#fff}th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.85rem;color:var(--muted);font-weight:600}
.light{display:inline-block;padding:.05rem .5rem;border-radius:99px;font-size:.8rem;font-weight:600;color:#fff}
.badge{display:inline-block;padding:0 .4em;border-radius:3px}.badge.urgent{background:var(--red);color:#fff}.light.red{background:var(--red)}.light.yellow{background:var(--yellow)}.light.green{background:var(--green)}
label{display:block;font-weight:600;margin:.8rem 0 .2rem}input,select,textarea{width:100%;max-width:32rem;padding:.5rem;font:inherit;border:1px solid var(--line);border-radius:6px;background:#fff}
.field-error{color:var(--red);font-size:.9rem;margin:.2rem 0 0}[aria-invalid=true]{border-color:var(--red)}
.notice{padding:.7rem 1rem;border-radius:6px;background:#eef4fb;border:1px solid #c5d8ee}.notice.error{background:#fdf0ef;border-color:#f2c4c0}
label.choice{display:flex;gap:.6rem;align-items:center;font-weight:400;margin:.5rem 0;padding:.35rem 0}label.choice input{width:auto;margin:0}
button,.button{display:inline-block;padding:.55rem 1.1rem;border:0;border-radius:6px;background:var(--brand);color:#fff;font:inherit;cursor:pointer;text-decoration:none}
button.link{background:none;color:var(--brand);padding:0;text-decoration:underline}
.muted{color:var(--muted)}.grid{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(240px,1fr))}
fieldset{border:1px solid var(--line);border-radius:8px;margin:1rem 0;padding:.5rem 1rem 1rem}legend{font-weight:700}
.filters{display:flex;gap:.5rem;flex-wrap:wrap;align-items:end}.filters label{margin:0}.filters select{width:auto}
pre.mail{white-space:pre-wrap;background:#fff;border:1px solid var(--line);padding:.75rem;border-radius:6px}
@media (max-width:640px){table.responsive thead{display:none}table.responsive tr{display:block;border-bottom:2px solid var(--line)}table.responsive td{display:block;border:0;padding:.2rem .5rem}}
`;
