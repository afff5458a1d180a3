/**
 * The audit UI. Order of a request: {@link io.swanledger.ui.UiSecurity} (signed in? role? CSRF,
 * CSP, absolute lifetime; a sign-in goes through {@link io.swanledger.ui.QuerySideLogin}) →
 * {@link io.swanledger.ui.PageModel} (who, the zone in force) → a page controller
 * ({@link io.swanledger.ui.SessionPages}, {@link io.swanledger.ui.TrailPages},
 * {@link io.swanledger.ui.LivePages}, {@link io.swanledger.ui.ReportPages}), which reads times with
 * {@link io.swanledger.ui.Times}, asks {@link io.swanledger.ui.QuerySide} (or
 * {@link io.swanledger.ui.Gateways} to terminate) as the person, draws with
 * {@link io.swanledger.ui.Charts} and renders a template; refusals become pages in
 * {@link io.swanledger.ui.UiErrors}.
 */
package io.swanledger.ui;
