export * from './app-context.js';
export { ConnectionBanner } from './ConnectionBanner.js';
export { LiveAnnouncer } from './LiveAnnouncer.js';
export { LocaleSwitch } from './LocaleSwitch.js';
export { Tabs, type TabSpec } from './Tabs.js';
export { useAction } from './use-action.js';
export { lazyComponent } from './lazy.js';
export { useTokenRefresh } from './use-token-refresh.js';
