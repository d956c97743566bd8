// How the test and the benchmark start Chromium.

/** The browser (Debian's chromium package). */
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/**
 * Headless, with no network of its own. WebGL, which MapLibre needs, works with these flags:
 * with --disable-gpu Chromium renders WebGL in software (ANGLE on SwiftShader), as on any
 * machine without a GPU; no --use-angle or --enable-unsafe-swiftshader flag is needed.
 */
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
