/**
 * A saved connection's secrets, and the cipher the desktop shell lends the host to keep them
 * encrypted (Electron's safeStorage: the OS key store). The host never imports Electron; it only
 * sees this pair.
 */
export interface ConnectionSecrets {
  /** The SASL password. */
  readonly password?: string;
  /** The client certificate's private key as PEM text (a key given as a file path is not a secret). */
  readonly key?: string;
  /** The private key's password. */
  readonly keyPassword?: string;
  /** The schema registry's basic auth password. */
  readonly registryPassword?: string;
}

export const secretNames = [
  'password',
  'key',
  'keyPassword',
  'registryPassword',
] as const satisfies readonly (keyof ConnectionSecrets)[];
export type SecretName = (typeof secretNames)[number];

/** How each secret is named to users (errors, the edit form). */
export const secretLabels: Readonly<Record<SecretName, string>> = {
  password: 'SASL password',
  key: 'private key',
  keyPassword: 'private key password',
  registryPassword: 'schema registry password',
};

export interface SecretCipher {
  /** Whether encryption works now (Linux without a key ring: no). */
  isAvailable(): boolean;
  /** Plain text in, base64 of the encrypted bytes out. */
  encrypt(plain: string): string;
  decrypt(encrypted: string): string;
}

/** Drops absent and undefined entries, so an object compares and serialises cleanly. */
export function compactSecrets(secrets: ConnectionSecrets): ConnectionSecrets {
  const out: { -readonly [K in SecretName]?: string } = {};
  for (const name of secretNames) if (secrets[name] !== undefined) out[name] = secrets[name];
  return out;
}

/**
 * The environment variable that can give a secret the settings do not hold, named for the
 * connection: "Prod EU" → BROKERLAB_PROD_EU_PASSWORD, BROKERLAB_PROD_EU_KEY, ..._KEY_PASSWORD.
 */
export function secretEnvName(connectionName: string, secret: SecretName): string {
  const stem = connectionName
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const suffix = {
    password: 'PASSWORD',
    key: 'KEY',
    keyPassword: 'KEY_PASSWORD',
    registryPassword: 'REGISTRY_PASSWORD',
  }[secret];
  return `BROKERLAB_${stem || 'CONNECTION'}_${suffix}`;
}
