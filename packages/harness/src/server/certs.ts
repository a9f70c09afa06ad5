/**
 * A throwaway self-signed certificate for the simulated hosts, made when a test run starts.
 * Browsers in the fixtures run with `ignoreHTTPSErrors`, so nothing has to trust it; it only
 * has to exist, because cookies, `Secure` and third-party rules behave as on the internet
 * only over https.
 */
import { generate } from 'selfsigned';

/** A PEM private key and certificate, the shape `https.createServer` takes. */
export interface CertificatePair {
  key: string;
  cert: string;
}

/**
 * Makes a certificate valid for each of `hosts` (plus `localhost` and 127.0.0.1, for quick
 * checks with curl). An EC key keeps generation fast on small machines.
 */
export async function selfSignedCertificate(hosts: string[]): Promise<CertificatePair> {
  const names = [...new Set([...hosts, 'localhost'])];
  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: names[0] }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    // A day back so that a clock slightly behind never makes the certificate "not yet valid".
    notBeforeDate: new Date(now.getTime() - 86_400_000),
    notAfterDate: new Date(now.getTime() + 7 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [...names.map((value) => ({ type: 2 as const, value })), { type: 7, ip: '127.0.0.1' }],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
