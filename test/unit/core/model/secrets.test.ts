// The one masking of secrets: which names hold one, and their values masked
// in env lists, JSON values and free text (log lines, HTTP bodies, errors),
// names and the text's shape kept; plus the exact values a connection knows.
import * as assert from 'node:assert/strict';
import { isSecretName, MASK, maskEnvList, maskEnvRecord, maskSecretsInText, maskSecretsInValue, redact, redactError } from '../../../../src/core/model/secrets';

describe('secrets', () => {
  describe('which names hold a secret', () => {
    const secret = [
      'AML_APP_INSIGHTS_KEY', 'AZURE_CLIENT_SECRET', 'AZURE_STORAGE_SAS_TOKEN', 'DB_PASSWORD', 'MYSQL_PWD', 'DB_PASSWD', 'DB_PASS',
      'HF_TOKEN', 'GITHUB_TOKEN', 'AZUREML_RUN_TOKEN', 'APPLICATIONINSIGHTS_CONNECTION_STRING', 'AzureWebJobsStorageConnectionString',
      'SERVICEBUS_CONNSTR', 'OPENAI_API_KEY', 'APIKEY', 'AWS_SECRET_ACCESS_KEY', 'AZURE_CREDENTIALS', 'SECRET_KEY_BASE', 'CLIENTSECRET',
      'primaryKey', 'secondaryKey', 'accessToken', 'AccountKey', 'SharedAccessKey', 'SharedAccessSignature', 'InstrumentationKey',
      'client-key-data', 'id-token', 'refresh-token', 'token', 'password', 'key1', 'key2', 'sig', 'Authorization', 'x-api-key',
      'Ocp-Apim-Subscription-Key', 'COOKIE',
    ];
    const harmless = [
      'PATH', 'HOME', 'PWD', 'OLDPWD', 'KEYBOARD_LAYOUT', 'KeyboardInterrupt', 'TOKENIZERS_PARALLELISM', 'MONKEY', 'HOTKEY',
      'AZUREML_MODEL_DIR', 'AZUREML_ENTRY_SCRIPT', 'AML_APP_INSIGHTS_ENABLED', 'AZURE_CLIENT_ID', 'AWS_ACCESS_KEY_ID', 'KEY_VAULT_URL',
      'AZURE_CLIENT_SECRET_FILE', 'AZUREML_RUN_TOKEN_EXPIRY', 'PASSWORD_MIN_LENGTH', 'TOKEN_ENDPOINT', 'SAS_URL', 'KeyError',
      'TokenExpiredError', 'max_tokens', 'total_tokens', 'MAX_NEW_TOKENS', 'PASSTHROUGH', 'BYPASS_PROXY', 'SASL_MECHANISM', 'SIGTERM', 'client-certificate-data', 'WORKER_COUNT', 'auth_mode',
    ];
    for (const name of secret) it(`${name} holds one`, () => assert.equal(isSecretName(name), true));
    for (const name of harmless) it(`${name} does not`, () => assert.equal(isSecretName(name), false));
  });

  it('masks the values of secret names in an env list, keeping every name and the harmless values', () => {
    assert.deepEqual(
      maskEnvList(['AML_APP_INSIGHTS_KEY=1234abcd-5678', 'PATH=/usr/bin:/bin', 'PWD=/var/azureml-app', 'DB_PASSWORD=a b=c', 'EMPTY_TOKEN=', 'NOVALUE']),
      [`AML_APP_INSIGHTS_KEY=${MASK}`, 'PATH=/usr/bin:/bin', 'PWD=/var/azureml-app', `DB_PASSWORD=${MASK}`, 'EMPTY_TOKEN=', 'NOVALUE'],
    );
    // Not set hides nothing, and says so.
    assert.deepEqual(maskEnvList(['AML_APP_INSIGHTS_KEY=None', 'AZURE_CLIENT_SECRET=null']), ['AML_APP_INSIGHTS_KEY=None', 'AZURE_CLIENT_SECRET=null']);
    // A harmless name whose value carries a connection string's key.
    assert.deepEqual(maskEnvList(['AzureWebJobsStorage=DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0a2V5PT0=;EndpointSuffix=core.windows.net']), [
      `AzureWebJobsStorage=DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${MASK};EndpointSuffix=core.windows.net`,
    ]);
    assert.deepEqual(maskEnvRecord({ AZURE_CLIENT_SECRET: 's3cr3t~value', AZUREML_MODEL_DIR: '/var/azureml-app/model' }), {
      AZURE_CLIENT_SECRET: MASK,
      AZUREML_MODEL_DIR: '/var/azureml-app/model',
    });
  });

  it('masks a docker inspect value and its text stays valid JSON with the same structure', () => {
    const tricky = 'a"b\\c\'d';
    const inspected = {
      Id: 'abc',
      Args: ['--token=abcdef123456', 'serve'],
      Config: {
        Env: ['AML_APP_INSIGHTS_KEY=1234abcd-5678-90ef', `AZURE_CLIENT_SECRET=${tricky}`, 'AZUREML_MODEL_DIR=/var/azureml-app/azureml-models', 'PATH=/usr/bin'],
        Labels: { 'com.azureml-debug.owner': 'deploy', 'storage-key': 'labelsecret' },
        Healthcheck: { Test: ['CMD', 'curl', '-H', 'Authorization: Bearer eyJhbGciOi.payload12345.signature123'] },
      },
      State: { Running: true, ExitCode: 0 },
      spec: { env: [{ name: 'AZURE_CLIENT_SECRET', value: 'podsecret' }, { name: 'AZUREML_ENTRY_SCRIPT', value: 'score.py' }] },
    };
    const text = JSON.stringify(maskSecretsInValue(inspected), null, 2);
    const back = JSON.parse(text);
    assert.deepEqual(back.Config.Env, [`AML_APP_INSIGHTS_KEY=${MASK}`, `AZURE_CLIENT_SECRET=${MASK}`, 'AZUREML_MODEL_DIR=/var/azureml-app/azureml-models', 'PATH=/usr/bin']);
    assert.deepEqual(back.Config.Labels, { 'com.azureml-debug.owner': 'deploy', 'storage-key': MASK });
    assert.deepEqual(back.Args, [`--token=${MASK}`, 'serve']);
    assert.deepEqual(back.Config.Healthcheck.Test, ['CMD', 'curl', '-H', `Authorization: Bearer ${MASK}`]);
    assert.deepEqual(back.spec.env, [{ name: 'AZURE_CLIENT_SECRET', value: MASK }, { name: 'AZUREML_ENTRY_SCRIPT', value: 'score.py' }]);
    assert.deepEqual(back.State, { Running: true, ExitCode: 0 });
    for (const s of ['1234abcd', 'labelsecret', 'podsecret', 'abcdef123456', 'signature123']) assert.ok(!text.includes(s), s);
  });

  it('masks JSON text in place, keeping it valid JSON even when a value holds quotes and backslashes', () => {
    const body = JSON.stringify({ primaryKey: 'pk"with\\quote', secondaryKey: 'sk-0987654321', result: [0.1, 0.2], note: 'ok' });
    const masked = maskSecretsInText(body);
    assert.deepEqual(JSON.parse(masked), { primaryKey: MASK, secondaryKey: MASK, result: [0.1, 0.2], note: 'ok' });
    const env = JSON.stringify({ env: [{ name: 'AZURE_CLIENT_SECRET', value: 'pod-secret-1' }, { name: 'AZUREML_MODEL_DIR', value: '/m' }] });
    assert.deepEqual(JSON.parse(maskSecretsInText(env)).env, [{ name: 'AZURE_CLIENT_SECRET', value: MASK }, { name: 'AZUREML_MODEL_DIR', value: '/m' }]);
  });

  it('masks log lines: shell exports, headers, connection strings, SAS query strings, dicts, YAML, URLs', () => {
    const cases: [string, string][] = [
      ['export AZURE_CLIENT_SECRET=abc~DEF.123', `export AZURE_CLIENT_SECRET=${MASK}`],
      ['AML_APP_INSIGHTS_KEY="1234 5678" starting', `AML_APP_INSIGHTS_KEY="${MASK}" starting`],
      ["DB_PASSWORD='hunter2' ok", `DB_PASSWORD='${MASK}' ok`],
      ['Authorization: Bearer abc.def-ghi', `Authorization: Bearer ${MASK}`],
      ['authorization: sk-live-123', `authorization: ${MASK}`],
      ['curl -H "Authorization: Basic dXNlcjpwYXNz" http://x', `curl -H "Authorization: Basic ${MASK}" http://x`],
      ['sent with bearer eyJ0eXAiOiJKV1QifQ', `sent with bearer ${MASK}`],
      [
        'conn: DefaultEndpointsProtocol=https;AccountName=a;AccountKey=k3y+/==;EndpointSuffix=core.windows.net',
        `conn: DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${MASK};EndpointSuffix=core.windows.net`,
      ],
      ['Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=abcDEF123=', `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=${MASK}`],
      ['BlobEndpoint=https://a.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&sig=AbC%2Bdef', `BlobEndpoint=https://a.blob.core.windows.net/;SharedAccessSignature=${MASK}&sig=${MASK}`],
      ['GET https://a.blob.core.windows.net/c/model.pkl?sv=2022-11-02&se=2026&sig=AbC%2Bdef%3D HTTP/1.1', `GET https://a.blob.core.windows.net/c/model.pkl?sv=2022-11-02&se=2026&sig=${MASK} HTTP/1.1`],
      ["headers: {'Authorization': 'Bearer xyz', 'Content-Type': 'application/json'}", `headers: {'Authorization': '${MASK}', 'Content-Type': 'application/json'}`],
      ['    token: s3cr3t-value', `    token: ${MASK}`],
      ['client-key-data: LS0tLS1CRUdJTg==', `client-key-data: ${MASK}`],
      ['- name: AZURE_CLIENT_SECRET\n  value: "pod-secret"', `- name: AZURE_CLIENT_SECRET\n  value: "${MASK}"`],
      ['connecting to postgres://ml:pa55word@db:5432/x', `connecting to postgres://ml:${MASK}@db:5432/x`],
      ['got eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlLXBhcnQ!', `got ${MASK}!`],
      ['key:\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBx\n-----END EC PRIVATE KEY-----\nafter', `key:\n${MASK}\nafter`],
      ['python -m app --api-key=abc123xyz', `python -m app --api-key=${MASK}`],
      // A harmless name's value is read on: it may hold a named secret itself.
      ['url: https://a.blob.core.windows.net/c?sig=AbC123%3D', `url: https://a.blob.core.windows.net/c?sig=${MASK}`],
      ['{"url": "https://a.blob.core.windows.net/c?se=1&sig=AbC123%3D"}', `{"url": "https://a.blob.core.windows.net/c?se=1&sig=${MASK}"}`],
      ['CMD=serve --token=abc123 --port=5001', `CMD=serve --token=${MASK} --port=5001`],
    ];
    for (const [line, want] of cases) assert.equal(maskSecretsInText(line), want, line);
  });

  it('leaves what crash analysis and the user need: exceptions, tracebacks, harmless variables, prose', () => {
    const kept = [
      "KeyError: 'AZUREML_MODEL_DIR'",
      'Traceback (most recent call last):',
      '  File "/var/azureml-app/score.py", line 12, in init',
      '    password = os.environ["DB_PASSWORD"]',
      '    token = get_token()',
      'KeyboardInterrupt',
      'PATH=/opt/miniconda/bin:/usr/bin PWD=/var/azureml-app TOKENIZERS_PARALLELISM=false',
      'Basic authentication is not enabled',
      'Missing Bearer token',
      'cannot reach https://127.0.0.1:6443 (ECONNREFUSED)',
      'AzureMLCompute: Worker failed to boot. init() raised ValueError: bad shape',
      'does not have secrets get permission on key vault',
      'Booting worker with pid: 42',
      'usage: prompt_tokens=12, completion_tokens=30, total_tokens=42',
      'AZURE_CLIENT_SECRET=',
      // The server says the key is not set; a pip listing pins versions; a kubelet's event is prose.
      'Application Insights Key: None',
      'azure-keyvault-secrets==4.8.0',
      '    if token == "abc":',
      'failed to authorize: failed to fetch anonymous token: unexpected status: 401 Unauthorized',
    ];
    for (const line of kept) assert.equal(maskSecretsInText(line), line);
  });

  it('masks a whole multi-line text (a build log) line by line, never across a line end', () => {
    const log = 'Step 4/9 : ENV AZURE_CLIENT_SECRET=cl1ent DB_PASSWORD="p w"\n ---> Running in 1a2b\nAuthorization:\nnext line\n';
    assert.equal(maskSecretsInText(log), `Step 4/9 : ENV AZURE_CLIENT_SECRET=${MASK} DB_PASSWORD="${MASK}"\n ---> Running in 1a2b\nAuthorization:\nnext line\n`);
  });

  it('masks a quoted literal assigned in code (a traceback source line), not an expression', () => {
    assert.equal(maskSecretsInText('    api_key = "sk-abc123"'), `    api_key = "${MASK}"`);
  });

  it('is idempotent: text masked twice reads the same', () => {
    const line = 'export AZURE_CLIENT_SECRET=abc Authorization: Bearer eyJxxxxxxxxx.yyyyyyyyyy.zzzzzzzzzz {"primaryKey": "pk"}';
    const once = maskSecretsInText(line);
    assert.equal(maskSecretsInText(once), once);
    assert.ok(!once.includes('abc ') && !once.includes('"pk"'), once);
  });

  describe('redact: the exact values a connection knows, then the shapes', () => {
    const token = 'Zm9vYmFyLXNlY3JldC10b2tlbi0xMjM0NTY3ODkw';
    it('replaces known secrets, longest first', () => {
      assert.equal(redact(`a ${token} b ${token}`, [token, token.slice(0, 10)]), `a ${MASK} b ${MASK}`);
    });
    it('masks secret shapes without being told', () => {
      assert.equal(redact('{"status":{"token":"abc123456"}}'), `{"status":{"token":"${MASK}"}}`);
    });
    it('leaves ordinary text alone and ignores too-short secrets', () => {
      assert.equal(redact('cannot reach https://127.0.0.1:6443 (ECONNREFUSED)', ['a', '']), 'cannot reach https://127.0.0.1:6443 (ECONNREFUSED)');
    });
    it('redactError takes an Error, a string or an object', () => {
      assert.equal(redactError(new Error(`x ${token}`), [token]), `x ${MASK}`);
      assert.equal(redactError({ message: 'm' }), '{"message":"m"}');
    });
  });
});
