/**
 * The RADIUS front, in the order a request meets it: {@link io.swanledger.radius.RadiusFront} binds
 * the ports; {@code Inbound} checks the packet and its NAS; {@code AccessHandler} or
 * {@code AccountingHandler} checks its authenticators and retransmissions ({@code ReplyCache}); an
 * Access-Request goes upstream ({@code UpstreamRelay}) and its verdict is judged ({@code LoginDecorator});
 * an Accounting-Request is turned into a session command ({@code AccountingRecorder}, or the
 * {@code AccountingSpool} while the store is out); {@code Dispatch} sends the command from the event
 * loop or runs it on a worker, and {@code Answers} sends the reply once the events are stored.
 */
package io.swanledger.radius;
