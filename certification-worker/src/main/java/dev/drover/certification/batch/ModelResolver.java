package dev.drover.certification.batch;

import static dev.drover.db.generated.certification.Tables.AI_MODELS;
import static dev.drover.db.generated.certification.Tables.MODEL_CERTIFICATIONS;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * Turns a {@link BatchRequest} into the list of models it certifies: the named ones (each must exist in
 * {@code ai_models}), every active model (ALL_MODELS) or every model that already has a certification (RECERTIFY,
 * narrowed to the named ones when some are named). Never returns an empty list: that throws
 * {@link InvalidBatchException} instead, so a batch never exists without items.
 */
final class ModelResolver {

    private ModelResolver() {
    }

    static List<String> resolve(DSLContext tx, BatchRequest request) {
        List<String> models = switch (request.type()) {
            case SINGLE_MODEL, MULTIPLE_MODELS -> named(tx, request.modelIds());
            case ALL_MODELS -> tx.select(AI_MODELS.ID).from(AI_MODELS).where(AI_MODELS.ACTIVE.isTrue())
                    .orderBy(AI_MODELS.ID).fetch(AI_MODELS.ID);
            case RECERTIFY -> certified(tx, request.modelIds());
        };
        if (models.isEmpty()) {
            throw new InvalidBatchException(switch (request.type()) {
                case ALL_MODELS -> "ALL_MODELS found no active model in ai_models";
                default -> "RECERTIFY found no model with an existing certification";
            });
        }
        return models;
    }

    private static List<String> named(DSLContext tx, List<String> ids) {
        Set<String> known = new HashSet<>(tx.select(AI_MODELS.ID).from(AI_MODELS).where(AI_MODELS.ID.in(ids))
                .fetch(AI_MODELS.ID));
        List<String> unknown = ids.stream().filter(id -> !known.contains(id)).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidBatchException("unknown model id(s) " + unknown + ": not in certification.ai_models");
        }
        return ids;
    }

    private static List<String> certified(DSLContext tx, List<String> filter) {
        var query = tx.selectDistinct(MODEL_CERTIFICATIONS.MODEL_ID).from(MODEL_CERTIFICATIONS);
        List<String> certified = filter.isEmpty()
                ? query.orderBy(MODEL_CERTIFICATIONS.MODEL_ID).fetch(MODEL_CERTIFICATIONS.MODEL_ID)
                : query.where(MODEL_CERTIFICATIONS.MODEL_ID.in(filter)).fetch(MODEL_CERTIFICATIONS.MODEL_ID);
        if (filter.isEmpty()) {
            return certified;
        }
        List<String> missing = new ArrayList<>(filter);
        missing.removeAll(certified);
        if (!missing.isEmpty()) {
            named(tx, missing); // an unknown id is reported as such, not as "never certified"
            throw new InvalidBatchException("RECERTIFY: model(s) " + missing + " have no certification to renew");
        }
        return filter;
    }
}
