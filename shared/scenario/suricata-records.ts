// Builder for Suricata EVE alert events, in the shape of ../shared/samples/suricata-eve-wrccdc-2018.json.
import type { JsonObject } from './graph-records';

export type SuricataSignature = {
  sid: number;
  rev: number;
  signature: string;
  category: string;
  /** 1 high ... 3 low, as Suricata writes it. */
  severity: 1 | 2 | 3;
  proto?: 'TCP' | 'UDP';
  destPort?: number;
  appProto?: 'http' | 'tls' | 'dns' | 'smb' | 'dcerpc' | 'ssh';
  /** ATT&CK metadata as Emerging Threats rules carry it (EVE writes it under alert.metadata). */
  mitre?: { tacticId: string; tacticName: string; techniqueId: string; techniqueName: string };
};

/** EVE timestamp: microseconds and a numeric offset without colon (2018-03-24T14:37:19.037299+0000). */
export const eveTime = (ms: number, micros: number): string =>
  `${new Date(ms).toISOString().slice(0, 23)}${String(micros % 1000).padStart(3, '0')}+0000`;

export const suricataAlert = (a: {
  time: number;
  micros: number;
  flowId: number;
  src: string;
  srcPort: number;
  dest: string;
  destPort: number;
  sig: SuricataSignature;
  http?: { hostname: string; url: string; userAgent: string; method: string; status: number; length: number };
  tls?: { sni: string };
  dns?: { rrname: string };
  pkts: number;
  bytes: number;
}): JsonObject => {
  const ts = eveTime(a.time, a.micros);
  const rec: JsonObject = {
    timestamp: ts,
    flow_id: a.flowId,
    in_iface: 'ens192',
    event_type: 'alert',
    src_ip: a.src,
    src_port: a.srcPort,
    dest_ip: a.dest,
    dest_port: a.destPort,
    proto: a.sig.proto ?? 'TCP',
    alert: {
      action: 'allowed',
      gid: 1,
      signature_id: a.sig.sid,
      rev: a.sig.rev,
      signature: a.sig.signature,
      category: a.sig.category,
      severity: a.sig.severity,
      ...(a.sig.mitre
        ? {
            metadata: {
              mitre_tactic_id: [a.sig.mitre.tacticId],
              mitre_tactic_name: [a.sig.mitre.tacticName],
              mitre_technique_id: [a.sig.mitre.techniqueId],
              mitre_technique_name: [a.sig.mitre.techniqueName],
              signature_severity: [a.sig.severity === 1 ? 'Major' : 'Minor'],
            },
          }
        : {}),
    },
  };
  if (a.http) {
    rec['tx_id'] = 0;
    rec['http'] = {
      hostname: a.http.hostname,
      url: a.http.url,
      http_user_agent: a.http.userAgent,
      http_content_type: 'application/octet-stream',
      http_method: a.http.method,
      protocol: 'HTTP/1.1',
      status: a.http.status,
      length: a.http.length,
    };
  }
  if (a.tls) rec['tls'] = { sni: a.tls.sni, version: 'TLS 1.2' };
  if (a.dns) rec['dns'] = { type: 'query', id: a.flowId % 65536, rrname: a.dns.rrname, rrtype: 'A' };
  if (a.sig.appProto) rec['app_proto'] = a.sig.appProto;
  rec['flow'] = {
    pkts_toserver: a.pkts,
    pkts_toclient: Math.max(0, a.pkts - 1),
    bytes_toserver: a.bytes,
    bytes_toclient: Math.floor(a.bytes / 3),
    start: eveTime(a.time - 150, a.micros),
  };
  return rec;
};
