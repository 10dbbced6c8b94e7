package dev.sagastack.shipment;

/** CREATED by the saga's forward step; CANCELLED by its compensation (also before any create). */
public enum ShipmentStatus { CREATED, CANCELLED }
