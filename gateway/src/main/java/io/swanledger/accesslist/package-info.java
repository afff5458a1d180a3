/**
 * The lab-VLAN list loaded in production, from every place an operator would use. Order of a load:
 * {@link io.swanledger.accesslist.AccessListFile} (a watched path, at start, on a stable change and
 * on a schedule), {@link io.swanledger.accesslist.AccessListApi} ({@code POST /api/access-list},
 * dry run first) or {@link io.swanledger.accesslist.AccessListCommand} (the jar's
 * {@code import-access-list}, a client of that API) → {@link io.swanledger.accesslist.AccessListImports}
 * (parse the whole export, all or nothing; send the import; remember the outcome for the status API).
 */
package io.swanledger.accesslist;
