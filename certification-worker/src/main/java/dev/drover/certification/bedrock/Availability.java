package dev.drover.certification.bedrock;

/**
 * Whether a model can be certified in a region, and under which id it must be invoked there.
 *
 * @param available  listed in the region and ACTIVE
 * @param invokeAs   the id to call Converse with: the model id, or the geography-prefixed inference profile id
 * @param streaming  whether the listing says ConverseStream is supported
 * @param reason     why not, when not available
 */
public record Availability(boolean available, String invokeAs, boolean streaming, String reason) {

    public static Availability no(String reason) {
        return new Availability(false, null, false, reason);
    }
}
