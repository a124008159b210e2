/**
 * The protocol's persistence port: {@link org.cpebridge.matter.store.RecordStore}, implemented by the face over the
 * bridge's durable store.
 */
package org.cpebridge.matter.store;
