/**
 * The differences between two normalised observations, as JSON paths (`records.key-0[2].offset`)
 * with the value on each side; `<missing>` where one side lacks the path.
 */
import { canonicalJson, type Json } from './scenario.js';

export interface Difference {
  readonly path: string;
  readonly kafka: string;
  readonly brokerlab: string;
}

const missing = '<missing>';

export function diffObservations(
  kafka: Json | undefined,
  brokerlab: Json | undefined,
  path = '',
): Difference[] {
  if (canonicalJson(kafka) === canonicalJson(brokerlab)) return [];
  const bothArrays = Array.isArray(kafka) && Array.isArray(brokerlab);
  const bothObjects =
    !bothArrays &&
    typeof kafka === 'object' &&
    kafka !== null &&
    typeof brokerlab === 'object' &&
    brokerlab !== null &&
    !Array.isArray(kafka) &&
    !Array.isArray(brokerlab);
  if (bothArrays && kafka.length === brokerlab.length) {
    return kafka.flatMap((k, i) => diffObservations(k, brokerlab[i], `${path}[${i}]`));
  }
  if (bothObjects) {
    const keys = [...new Set([...Object.keys(kafka), ...Object.keys(brokerlab)])].sort();
    return keys.flatMap((key) =>
      diffObservations(
        (kafka as Record<string, Json>)[key],
        (brokerlab as Record<string, Json>)[key],
        path ? `${path}.${key}` : key,
      ),
    );
  }
  return [
    {
      path,
      kafka: kafka === undefined ? missing : canonicalJson(kafka),
      brokerlab: brokerlab === undefined ? missing : canonicalJson(brokerlab),
    },
  ];
}
