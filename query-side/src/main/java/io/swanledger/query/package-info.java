/**
 * The search API. Order of a call: {@link io.swanledger.query.ApiSecurity} (a person, a role;
 * refusals become events) → a controller ({@link io.swanledger.query.SessionQueries},
 * {@link io.swanledger.query.TrailQueries}) parses the parameters once ({@link io.swanledger.query.Params},
 * {@link io.swanledger.query.QueryParams}, {@link io.swanledger.query.SessionSearch},
 * {@link io.swanledger.query.Pages.Request}) and asks Elasticsearch → {@link io.swanledger.query.QueryAudit}
 * records the call before the answer leaves (503 when it cannot) → errors as JSON in
 * {@link io.swanledger.query.ApiErrors}.
 */
package io.swanledger.query;
