/**
 * The registry part of a connection test: once the cluster answered, the schema registry saved
 * with it is asked for its subjects, so a wrong URL, password or CA shows in the same report.
 */
import type { ConnectionTestReport } from '../api/schemas/connections.js';
import { RegistryRestClient, type RegistryEndpoint } from '../schema-registry/rest-client.js';

const REGISTRY_TEST_MS = 5_000;

export async function withRegistryCheck(
  report: ConnectionTestReport,
  endpoint: RegistryEndpoint,
): Promise<ConnectionTestReport> {
  // A failed step is the last one: when the cluster failed, the registry is not asked.
  if (!report.ok) return report;
  const started = Date.now();
  const elapsed = () => report.elapsedMs + (Date.now() - started);
  try {
    const subjects = await new RegistryRestClient(endpoint).call<string[]>(
      'GET',
      '/subjects',
      undefined,
      AbortSignal.timeout(REGISTRY_TEST_MS),
    );
    const text = `The schema registry at ${endpoint.url} answered: ${subjects.length} subject${subjects.length === 1 ? '' : 's'}.`;
    return { ...report, steps: [...report.steps, { ok: true, text }], elapsedMs: elapsed() };
  } catch (error) {
    const text = `The schema registry at ${endpoint.url} did not answer: ${(error as Error).message}.`;
    return {
      ...report,
      ok: false,
      summary: text,
      steps: [...report.steps, { ok: false, text }],
      elapsedMs: elapsed(),
    };
  }
}
