package dev.sagastack.local.stepfunctions.asl;

import dev.sagastack.local.stepfunctions.expr.JsonataTemplate;
import dev.sagastack.local.stepfunctions.expr.PayloadTemplate;
import dev.sagastack.local.stepfunctions.json.Json;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Map state's own fields: its ItemProcessor (or the older Iterator) and processing mode, where
 * the items come from and how each is shaped, concurrency, tolerated failures and ItemBatcher. The
 * S3 readers and writers of Distributed Maps are refused, since this engine has no S3.
 */
final class MapStateParser {
    private final Diagnostics diagnostics;
    private final FieldCompiler fields;
    private final SettingReader settings;
    private final RetryCatchParser retryCatch;
    private final StateParser.NestedStates nested;

    MapStateParser(Diagnostics diagnostics, FieldCompiler fields, SettingReader settings, RetryCatchParser retryCatch,
                   StateParser.NestedStates nested) {
        this.diagnostics = diagnostics;
        this.fields = fields;
        this.settings = settings;
        this.retryCatch = retryCatch;
        this.nested = nested;
    }

    MapState map(StateHeader h, Map<String, Object> m, String loc) {
        String field = m.containsKey("ItemProcessor") ? "ItemProcessor" : "Iterator";
        if (!(m.get(field) instanceof Map)) {
            diagnostics.required(loc, "ItemProcessor");
            return new MapState(h.name(), h.language(), h.next(), h.end(), h.io(), null, false, null, PathField.DEFAULT,
                    null, null, null, null, null, null, null, List.of(), List.of());
        }
        Map<String, Object> processor = Json.asObject(m.get(field));
        String processorLoc = loc + "/" + field;
        if (processor.containsKey("QueryLanguage")) {
            diagnostics.unsupported("QueryLanguage", processorLoc);
        }
        boolean distributed = distributed(processor, processorLoc);
        Map<String, Object> processorStates = new LinkedHashMap<>(processor);
        processorStates.remove("QueryLanguage");
        StatesContainer itemProcessor = nested.parse(processorLoc, processorStates);
        PathField itemsPath = PathField.DEFAULT;
        JsonataTemplate items = null;
        PayloadTemplate itemSelectorPath = null;
        JsonataTemplate itemSelectorJsonata = null;
        Processing io = h.io();
        if (h.jsonata()) {
            items = fields.jsonata(m, "Items", loc);
            itemSelectorJsonata = fields.jsonata(m, "ItemSelector", loc);
        } else {
            itemsPath = fields.pathField(m, "ItemsPath", loc);
            if (m.containsKey("ItemSelector") && m.containsKey("Parameters")) {
                diagnostics.notBoth("ItemSelector", "Parameters", loc);
            }
            // Parameters is ItemSelector's older name, not the state's own
            itemSelectorPath = fields.payload(m, m.containsKey("ItemSelector") ? "ItemSelector" : "Parameters", loc);
            io = io.withoutParameters();
        }
        Setting<Integer> maxConcurrency = settings.integerOrPath(h, m, "MaxConcurrency", loc, false);
        Setting<Integer> toleratedCount = settings.integerOrPath(h, m, "ToleratedFailureCount", loc, false);
        Setting<Double> toleratedPercentage = settings.percentageOrPath(h, m, "ToleratedFailurePercentage", loc);
        MapState.ItemBatcher batcher = itemBatcher(m, loc);
        if (m.containsKey("ResultWriter")) {
            diagnostics.schema("ResultWriter writes to Amazon S3, which this local engine does not provide",
                    loc + "/ResultWriter");
        }
        if (m.containsKey("ItemReader")) {
            diagnostics.schema("ItemReader reads from Amazon S3, which this local engine does not provide",
                    loc + "/ItemReader");
        }
        String label = m.get("Label") instanceof String l ? l : null;
        return new MapState(h.name(), h.language(), h.next(), h.end(), io, itemProcessor, distributed, label, itemsPath,
                items, itemSelectorPath, itemSelectorJsonata, maxConcurrency, toleratedCount, toleratedPercentage,
                batcher, retryCatch.retry(m, loc), retryCatch.catchers(h, m, loc));
    }

    /** ProcessorConfig's Mode: INLINE (the default) or DISTRIBUTED. */
    private boolean distributed(Map<String, Object> processor, String loc) {
        if (!(processor.get("ProcessorConfig") instanceof Map)) {
            return false;
        }
        Object mode = Json.asObject(processor.get("ProcessorConfig")).get("Mode");
        if (mode != null && !"DISTRIBUTED".equals(mode) && !"INLINE".equals(mode)) {
            diagnostics.schema("The field 'Mode' should have one of these values: [INLINE, DISTRIBUTED]",
                    loc + "/ProcessorConfig/Mode");
        }
        return "DISTRIBUTED".equals(mode);
    }

    private MapState.ItemBatcher itemBatcher(Map<String, Object> m, String loc) {
        if (!m.containsKey("ItemBatcher")) {
            return null;
        }
        if (!(m.get("ItemBatcher") instanceof Map)) {
            return new MapState.ItemBatcher(null, null, null);
        }
        Map<String, Object> b = Json.asObject(m.get("ItemBatcher"));
        String at = loc + "/ItemBatcher";
        return new MapState.ItemBatcher(fields.positiveInt(b, "MaxItemsPerBatch", at),
                fields.positiveInt(b, "MaxInputBytesPerBatch", at), b.get("BatchInput"));
    }
}
