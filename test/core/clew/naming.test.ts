// Naming conventions and credential-like names, on their own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conventionsOf, dominantConvention, stripUnderscores } from '../../../core/clew/naming.ts';
import { identifierWords, isSecretName } from '../../../core/clew/secrets.ts';

test('conventions an identifier fits', () => {
  assert.deepEqual(conventionsOf('getUser'), ['camelCase']);
  assert.deepEqual(conventionsOf('UserRecord'), ['PascalCase']);
  assert.deepEqual(conventionsOf('load_all'), ['snake_case']);
  assert.deepEqual(conventionsOf('MAX_SIZE'), ['SCREAMING_SNAKE_CASE']);
  assert.deepEqual(conventionsOf('name'), ['camelCase', 'snake_case']);
  assert.deepEqual(conventionsOf('ID'), ['PascalCase', 'SCREAMING_SNAKE_CASE']);
  assert.deepEqual(conventionsOf('get_User'), []);
  assert.equal(stripUnderscores('__init__'), 'init');
  assert.equal(stripUnderscores('_private_thing'), 'private_thing');
});

test('the dominant convention: most fits, then exclusive fits, then the idiom', () => {
  assert.deepEqual(dominantConvention('function', ['getUser', 'id', 'name', 'load_all']), {
    fact: 'naming',
    category: 'function',
    convention: 'camelCase',
    share: 0.75,
    sample: 4,
  });
  // all one-word: camelCase and snake_case tie on everything; the language's idiom decides
  assert.equal(dominantConvention('variable', ['x', 'data', 'entity'], 'snake_case')!.convention, 'snake_case');
  assert.equal(dominantConvention('variable', ['x', 'data', 'entity'], 'camelCase')!.convention, 'camelCase');
  assert.equal(dominantConvention('variable', ['x', 'y']), null, 'fewer than three names say nothing');
  assert.deepEqual(dominantConvention('constant', ['MAX', 'MIN_SIZE', 'limit', 'LIMIT']), {
    fact: 'naming',
    category: 'constant',
    convention: 'SCREAMING_SNAKE_CASE',
    share: 0.75,
    sample: 4,
  });
});

test('credential-like names are judged on their words', () => {
  assert.deepEqual(identifierWords('dbPassword'), ['db', 'password']);
  assert.deepEqual(identifierWords('API_KEY'), ['api', 'key']);
  assert.deepEqual(identifierWords('HTTPSecretToken'), ['http', 'secret', 'token']);
  for (const name of ['password', 'db_password', 'apiKey', 'API_KEY', 'AUTH_TOKEN', 'clientSecret', 'private_key', 'githubToken'])
    assert.ok(isSecretName(name), name);
  for (const name of ['tokenizer', 'passwordLabel', 'token_type', 'secretName', 'keyboard', 'monkey', 'PASSWORD_ENV']) assert.ok(!isSecretName(name), name);
});
