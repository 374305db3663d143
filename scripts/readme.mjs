// `npm run readme:tables`: rewrites the README's settings and commands tables
// from the manifest (contributes.configuration and contributes.commands, with
// their English texts from package.nls.json), between the marker comments
// <!-- settings:begin --> ... <!-- settings:end --> and the same for commands,
// so the README never disagrees with what the extension declares.
// `--check` rewrites nothing and exits 1 when a table is out of date (the unit
// test runs it); `--root DIR` reads DIR's package.json, package.nls.json and README.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function nlsText(nls, value) {
  const key = /^%(.+)%$/.exec(value ?? '')?.[1];
  if (key === undefined) return value ?? '';
  if (!(key in nls)) throw new Error(`package.nls.json has no "${key}"`);
  return nls[key];
}

/** One line of a markdown table cell: a setting link as its id, pipes escaped. */
function cell(text) {
  return text
    .replace(/#(azuremlDebug\.[\w.]+)#/g, '`$1`')
    .replace(/\r?\n+/g, ' ')
    .replace(/\|/g, '\\|');
}

function code(text) {
  // A backtick inside would end the span: use a longer fence (none today).
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${text}${fence}`;
}

function defaultOf(setting) {
  if (setting.default === undefined) return '';
  return code(typeof setting.default === 'string' ? JSON.stringify(setting.default) : JSON.stringify(setting.default).replace(/,/g, ', '));
}

export function settingsTable(manifest, nls) {
  const rows = Object.entries(manifest.contributes.configuration.properties).map(([id, s]) => {
    let text = nlsText(nls, s.markdownDescription ?? s.description);
    if (s.enum) {
      const values = s.enum.map((v, i) => (s.enumDescriptions?.[i] ? `${code(String(v))}: ${nlsText(nls, s.enumDescriptions[i])}` : code(String(v))));
      text += ` Values: ${values.join(' ')}`;
    }
    if (s.scope === 'machine-overridable' || s.scope === 'machine') text += ' *Per machine.*';
    return `| ${code(id)} | ${defaultOf(s)} | ${cell(text)} |`;
  });
  return ['| Setting | Default | Description |', '|---|---|---|', ...rows].join('\n');
}

/** Where a command shows, read from contributes.menus. */
function placesOf(manifest, id) {
  const menus = manifest.contributes.menus ?? {};
  const hidden = (menus.commandPalette ?? []).some((m) => m.command === id && m.when === 'false');
  const places = hidden ? [] : ['Command Palette'];
  const names = { 'view/title': 'view title bar', 'view/item/context': 'tree item', 'explorer/context': 'Explorer' };
  for (const [menu, name] of Object.entries(names)) {
    if ((menus[menu] ?? []).some((m) => m.command === id)) places.push(name);
  }
  return places.join(', ');
}

export function commandsTable(manifest, nls) {
  const rows = manifest.contributes.commands.map((c) => {
    const title = nlsText(nls, c.title);
    const category = c.category ? `${nlsText(nls, c.category)}: ` : '';
    return `| ${cell(`${category}${title}`)} | ${code(c.command)} | ${placesOf(manifest, c.command)} |`;
  });
  return ['| Command | ID | Where |', '|---|---|---|', ...rows].join('\n');
}

const note = 'generated from package.json by `npm run readme:tables`: edit the manifest and package.nls.json, not this table';

/** The README with each marked section holding its table; throws when a marker is missing. */
export function withTables(readme, manifest, nls) {
  let out = readme;
  for (const [name, table] of [['settings', settingsTable(manifest, nls)], ['commands', commandsTable(manifest, nls)]]) {
    const re = new RegExp(`(<!-- ${name}:begin[^>]*-->)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!re.test(out)) throw new Error(`README.md has no <!-- ${name}:begin --> ... <!-- ${name}:end --> section`);
    out = out.replace(re, () => `<!-- ${name}:begin (${note}) -->\n${table}\n<!-- ${name}:end -->`);
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--root');
  const root = i >= 0 ? resolve(process.argv[i + 1]) : resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const read = (f) => readFileSync(join(root, f), 'utf8');
  try {
    const readme = read('README.md');
    const updated = withTables(readme, JSON.parse(read('package.json')), JSON.parse(read('package.nls.json')));
    if (process.argv.includes('--check')) {
      if (updated !== readme) {
        console.error('readme: the settings or commands table of README.md differs from package.json: run npm run readme:tables');
        process.exit(1);
      }
    } else if (updated !== readme) {
      writeFileSync(join(root, 'README.md'), updated);
      console.log('readme: README.md tables rewritten');
    } else {
      console.log('readme: README.md tables up to date');
    }
  } catch (e) {
    console.error(`readme: ${e.message}`);
    process.exit(1);
  }
}
