/**
 * Declarations of the standard clusters the bridge serves, with attribute, command and event ids, data types,
 * qualities and privileges from the Matter 1.4 specification (cross-checked against matter.js 1.4.1
 * {@code packages/types/src/clusters}). Attributes and command ids only: command behaviour lives elsewhere.
 * Cluster revisions are those matter.js 1.4.1 declares.
 */
package org.cpebridge.matter.cluster.standard;
