/**
 * The scaffold PASE ({@code pase}) and CASE ({@code sigma}) responders share: events in, steps out (messages to
 * send, a timer to arm, the established session or a failure), and the StatusReports both send. Sans I/O.
 */
package org.cpebridge.matter.handshake;
