export { JoinCodeForm } from './JoinCodeForm.js';
export { JoinCodeQr } from './JoinCodeQr.js';
export { joinCodeFromSearch, joinUrl, qrPath, type QrPath } from './qr.js';
