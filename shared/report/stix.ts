// STIX 2.1 bundle of a case: identity, SCOs, indicators, observed-data, sightings, attack-patterns, the incident
// and a report referencing them. Ids are deterministic (UUIDv5), so exporting the same case twice gives the same
// bundle. Pattern string literals escape `\` and `'` (STIX Patterning §4).
import { getTactic, getTechnique, tacticsOfTechnique } from '#shared/model/index';
import type { Ioc } from './iocs';
import type { CaseReportModel } from './model';
import { CASELINE_NAMESPACE, STIX_SCO_NAMESPACE, canonicalJson, uuidv5 } from './uuid';
import { isoTime } from './time-text';

export type StixObject = { type: string; id: string; [key: string]: unknown };
export type StixBundle = { type: 'bundle'; id: string; objects: StixObject[] };

/** A STIX pattern string literal. */
export const stixString = (v: string): string => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

const ts = (ms: number, fallback: number): string => (ms >= 0 ? isoTime(ms) : undefined) ?? (fallback >= 0 ? isoTime(fallback) : undefined) ?? '1970-01-01T00:00:00.000Z';

const scoOf = (ioc: Ioc): { type: string; contributing: Record<string, unknown>; path: string } => {
  switch (ioc.type) {
    case 'ipv4':
      return { type: 'ipv4-addr', contributing: { value: ioc.value }, path: 'value' };
    case 'ipv6':
      return { type: 'ipv6-addr', contributing: { value: ioc.value }, path: 'value' };
    case 'domain':
      return { type: 'domain-name', contributing: { value: ioc.value }, path: 'value' };
    case 'url':
      return { type: 'url', contributing: { value: ioc.value }, path: 'value' };
    case 'email':
      return { type: 'email-addr', contributing: { value: ioc.value }, path: 'value' };
    case 'sha256':
      return { type: 'file', contributing: { hashes: { 'SHA-256': ioc.value } }, path: "hashes.'SHA-256'" };
    case 'sha1':
      return { type: 'file', contributing: { hashes: { 'SHA-1': ioc.value } }, path: "hashes.'SHA-1'" };
    case 'md5':
      return { type: 'file', contributing: { hashes: { MD5: ioc.value } }, path: 'hashes.MD5' };
    case 'fileName':
      return { type: 'file', contributing: { name: ioc.value }, path: 'name' };
  }
};

/** `[ipv4-addr:value = '198.51.100.7']` and the like. */
export const stixPattern = (ioc: Ioc): string => {
  const sco = scoOf(ioc);
  return `[${sco.type}:${sco.path} = ${stixString(ioc.value)}]`;
};

const techniqueUrl = (id: string): string => `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`;
const TECHNIQUE_ID = /^T\d{4}(\.\d{3})?$/;

export const toStixBundle = (m: CaseReportModel): StixBundle => {
  const at = ts(m.generatedAt, 0);
  const sdoId = (type: string, key: string): string => `${type}--${uuidv5(`${type}\u0000${m.incidentId}\u0000${key}`, CASELINE_NAMESPACE)}`;
  const identity: StixObject = {
    type: 'identity', spec_version: '2.1', id: sdoId('identity', m.analyst), created: at, modified: at,
    name: m.analyst || 'Caseline analyst', identity_class: 'individual',
  };
  const common = (type: string, key: string): StixObject => ({ type, spec_version: '2.1', id: sdoId(type, key), created_by_ref: identity.id, created: at, modified: at });
  const objects: StixObject[] = [identity];
  const scoIds = new Set<string>();

  for (const ioc of m.iocs) {
    const sco = scoOf(ioc);
    const scoId = `${sco.type}--${uuidv5(canonicalJson(sco.contributing), STIX_SCO_NAMESPACE)}`;
    if (!scoIds.has(scoId)) objects.push({ type: sco.type, spec_version: '2.1', id: scoId, ...sco.contributing });
    scoIds.add(scoId);
    const first = ts(ioc.firstSeen, m.generatedAt);
    const last = ts(Math.max(ioc.firstSeen, ioc.lastSeen), m.generatedAt);
    const key = `${ioc.type}\u0000${ioc.value}`;
    const observed: StixObject = { ...common('observed-data', key), first_observed: first, last_observed: last, number_observed: Math.max(1, ioc.alertCount), object_refs: [scoId] };
    objects.push(observed);
    if (ioc.isPrivate) continue; // context, not an indicator anyone should block
    const indicator: StixObject = {
      ...common('indicator', key),
      name: `${ioc.type} ${ioc.value.length > 200 ? `${ioc.value.slice(0, 200)}…` : ioc.value}`,
      description: `Seen in ${ioc.alertCount} alert(s) of incident ${m.incidentId}.`,
      pattern: stixPattern(ioc),
      pattern_type: 'stix',
      pattern_version: '2.1',
      valid_from: first,
    };
    if (ioc.verdict === 'malicious') indicator.indicator_types = ['malicious-activity'];
    objects.push(indicator);
    objects.push({
      ...common('sighting', key), sighting_of_ref: indicator.id, observed_data_refs: [observed.id], where_sighted_refs: [identity.id],
      first_seen: first, last_seen: last, count: Math.min(999_999_999, Math.max(1, ioc.alertCount)),
    });
  }

  for (const t of m.techniques) {
    if (!TECHNIQUE_ID.test(t.id)) continue;
    const phases = tacticsOfTechnique(t.id).map((id) => getTactic(id)?.shortname).filter((s): s is string => !!s);
    const ap: StixObject = {
      ...common('attack-pattern', t.id),
      name: getTechnique(t.id)?.name ?? t.name,
      external_references: [{ source_name: 'mitre-attack', external_id: t.id, url: techniqueUrl(t.id) }],
    };
    if (phases.length) ap.kill_chain_phases = phases.map((phase_name) => ({ kill_chain_name: 'mitre-attack', phase_name }));
    objects.push(ap);
  }

  const incident: StixObject = { ...common('incident', 'incident'), name: m.title, description: m.summary.join(' ') };
  objects.push(incident);
  const report: StixObject = {
    ...common('report', 'report'),
    name: `Caseline case report: ${m.title}`,
    description: m.summary.join(' '),
    report_types: ['threat-report'],
    published: at,
    object_refs: objects.map((o) => o.id),
  };
  if (m.tags.length) report.labels = [...m.tags];
  objects.push(report);
  return { type: 'bundle', id: `bundle--${uuidv5(`bundle\u0000${m.incidentId}\u0000${at}`, CASELINE_NAMESPACE)}`, objects };
};
