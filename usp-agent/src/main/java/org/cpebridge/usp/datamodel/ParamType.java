package org.cpebridge.usp.datamodel;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/** TR-106 data types of USP parameters, in the order of {@code GetSupportedDMResp.ParamValueType}. */
public enum ParamType {
    BASE64, BOOLEAN, DATE_TIME, DECIMAL, HEX_BINARY, INT, LONG, STRING, UNSIGNED_INT, UNSIGNED_LONG;

    private static final BigInteger MAX_UNSIGNED_LONG = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** True if {@code value} is a valid literal of this type (TR-106 section 3.2). */
    public boolean isValid(String value) {
        if (value == null) {
            return false;
        }
        try {
            switch (this) {
                case STRING:
                    return true;
                case BOOLEAN:
                    return parseBoolean(value) != null;
                case INT:
                    Integer.parseInt(value);
                    return true;
                case LONG:
                    Long.parseLong(value);
                    return true;
                case UNSIGNED_INT:
                    return !value.startsWith("-") && Long.parseLong(value) <= 0xFFFF_FFFFL;
                case UNSIGNED_LONG:
                    return !value.startsWith("-") && new BigInteger(value).compareTo(MAX_UNSIGNED_LONG) <= 0;
                case DECIMAL:
                    new BigDecimal(value);
                    return true;
                case DATE_TIME:
                    OffsetDateTime.parse(value);
                    return true;
                case HEX_BINARY:
                    HexFormat.of().parseHex(value);
                    return true;
                case BASE64:
                    Base64.getDecoder().decode(value);
                    return true;
                default:
                    return false;
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            return false;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** True if only {@code ==} and {@code !=} apply in search expressions (TR-369 "Searching with Expressions"). */
    public boolean equalityOnly() {
        return this == STRING || this == BOOLEAN || this == BASE64 || this == HEX_BINARY;
    }

    /**
     * Compares two valid literals of this type by value ({@code 0123} equals {@code 123}, {@code 1} equals
     * {@code true}). Returns a negative, zero or positive number.
     *
     * @throws IllegalArgumentException if either literal is invalid for this type
     */
    public int compare(String a, String b) {
        if (!isValid(a) || !isValid(b)) {
            throw new IllegalArgumentException("not a valid " + this + " literal");
        }
        switch (this) {
            case BOOLEAN:
                return Boolean.compare(parseBoolean(a), parseBoolean(b));
            case INT:
            case LONG:
            case UNSIGNED_INT:
            case UNSIGNED_LONG:
                return new BigInteger(a.startsWith("+") ? a.substring(1) : a)
                        .compareTo(new BigInteger(b.startsWith("+") ? b.substring(1) : b));
            case DECIMAL:
                return new BigDecimal(a).compareTo(new BigDecimal(b));
            case DATE_TIME:
                return OffsetDateTime.parse(a).toInstant().compareTo(OffsetDateTime.parse(b).toInstant());
            case HEX_BINARY:
                return a.toLowerCase(Locale.ROOT).compareTo(b.toLowerCase(Locale.ROOT));
            default:
                return a.compareTo(b);
        }
    }

    private static Boolean parseBoolean(String value) {
        switch (value) {
            case "true":
            case "1":
                return Boolean.TRUE;
            case "false":
            case "0":
                return Boolean.FALSE;
            default:
                return null;
        }
    }
}
