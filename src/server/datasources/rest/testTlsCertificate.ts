// A self-signed certificate for `api.test` (valid until 2126), for tests of TLS through the
// outbound address policy only: the connection goes to the checked address, the name is still verified.

export const testTlsKey = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgRGZJT+hiWt/0JFsO
+/n/3RzLhqTKdHMPNsVXLXW/Q8ihRANCAATqFAmfloUCZg/8N2r/FRtHj1wp88hx
ek25wRjjv9AnayQ3forD3ZCEjFZFDW/yp4qrL4nG1QGQwOQLbh7wQpaZ
-----END PRIVATE KEY-----
`;

export const testTlsCertificate = `-----BEGIN CERTIFICATE-----
MIIBkTCCATigAwIBAgIUVU2GKwA8GgKu1wwfeX04JuZK2n4wCgYIKoZIzj0EAwIw
EzERMA8GA1UEAwwIYXBpLnRlc3QwIBcNMjYxMTI0MTA1MjM1WhgPMjEyNjEwMzEx
MDUyMzVaMBMxETAPBgNVBAMMCGFwaS50ZXN0MFkwEwYHKoZIzj0CAQYIKoZIzj0D
AQcDQgAE6hQJn5aFAmYP/Ddq/xUbR49cKfPIcXpNucEY47/QJ2skN36Kw92QhIxW
RQ1v8qeKqy+JxtUBkMDkC24e8EKWmaNoMGYwHQYDVR0OBBYEFNRrzRBqQ2Xzht+7
v0CXpnWy6MSZMB8GA1UdIwQYMBaAFNRrzRBqQ2Xzht+7v0CXpnWy6MSZMA8GA1Ud
EwEB/wQFMAMBAf8wEwYDVR0RBAwwCoIIYXBpLnRlc3QwCgYIKoZIzj0EAwIDRwAw
RAIgBCE7eEwUonnmt0L0Z9FOpukiYdCY4wQiEQ1WI/NxUgsCIDDpFevAQ1ho41vn
aWuRvmG25kOSweFhIiKN/2rvveTL
-----END CERTIFICATE-----
`;
