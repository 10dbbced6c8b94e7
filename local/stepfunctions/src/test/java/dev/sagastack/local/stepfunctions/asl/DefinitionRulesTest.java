package dev.sagastack.local.stepfunctions.asl;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each rule the definition parser checks, with the diagnostic (code, message, location) that
 * ValidateStateMachineDefinition answers (API reference: ValidateStateMachineDefinition and
 * ValidateStateMachineDefinitionDiagnostic, whose location is "/States/&lt;StateName&gt;/&lt;FieldName&gt;")
 * and that CreateStateMachine puts in its InvalidDefinition message. Definitions are written with
 * single quotes for readability.
 */
class DefinitionRulesTest {
    /** The diagnostics' summaries, in the order they are found. */
    private static String summary(String definition) {
        return DefinitionParser.validate(definition.replace('\'', '"')).stream().map(Diagnostic::summary)
                .collect(Collectors.joining(", "));
    }

    /** A machine of one state S (JSONPath). */
    private static String state(String s) {
        return summary("{'StartAt':'S','States':{'S':" + s + "}}");
    }

    /** A machine of one state S and a Succeed state D, in JSONata. */
    private static String jsonata(String s) {
        return summary("{'QueryLanguage':'JSONata','StartAt':'S','States':{'S':" + s + ",'D':{'Type':'Succeed'}}}");
    }

    /** A Choice state S whose Default is the Succeed state D. */
    private static String choice(String choices) {
        return summary("{'StartAt':'S','States':{'S':{'Type':'Choice','Choices':" + choices
                + ",'Default':'D'},'D':{'Type':'Succeed'}}}");
    }

    private static String task(String fields) {
        return state("{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke','End':true" + fields + "}");
    }

    private static String map(String fields) {
        return state("{'Type':'Map','End':true,'ItemProcessor':{'StartAt':'I','States':{'I':{'Type':'Succeed'}}}"
                + fields + "}");
    }

    // Amazon States Language specification, "Top-level fields" and "States"

    @Test
    void topLevelFieldsAreChecked() {
        assertThat(summary("{'StartAt':'P','States':{'P':{'Type':'Pass','End':true}},'Bogus':1}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: Field 'Bogus' is not supported at /");
        assertThat(summary("{'QueryLanguage':'XPath','StartAt':'P','States':{'P':{'Type':'Pass','End':true}}}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: The field 'QueryLanguage' should have one of these values: "
                        + "[JSONPath, JSONata] at /QueryLanguage");
        assertThat(summary("{'TimeoutSeconds':0,'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: The value should be an integer between 1 and 99999999 at "
                        + "/TimeoutSeconds");
        assertThat(summary("{}")).isEqualTo("SCHEMA_VALIDATION_FAILED: These fields are required: [States, StartAt] at /");
        assertThat(summary("{'StartAt':'A','States':{}}")).isEqualTo("SCHEMA_VALIDATION_FAILED: Value cannot be empty "
                + "at /States, MISSING_TRANSITION_TARGET: Missing 'Next' target: A at /StartAt");
    }

    @Test
    void stateNamesAndStateObjectsAreChecked() {
        String longName = "N".repeat(81);
        assertThat(summary("{'StartAt':'" + longName + "','States':{'" + longName + "':{'Type':'Succeed'}}}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: State names must be 1 to 80 characters long at /States/" + longName);
        assertThat(summary("{'StartAt':'P','States':{'P':1}}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: The value should be a JSON object at /States/P");
    }

    /**
     * State names are unique in the whole state machine, branches and ItemProcessors included (ASL
     * specification, "States"); AWS answers DUPLICATE_STATE_NAME "Duplicate State name: X" (the
     * ValidateStateMachineDefinitionDiagnostic page lists the code); we locate it at the second use.
     */
    @Test
    void aStateNameIsUsedOnceInTheWholeMachine() {
        assertThat(summary("{'StartAt':'P','States':{'P':{'Type':'Parallel','Next':'M','Branches':["
                + "{'StartAt':'X','States':{'X':{'Type':'Succeed'}}},{'StartAt':'X','States':{'X':{'Type':'Succeed'}}}]},"
                + "'M':{'Type':'Map','End':true,'ItemProcessor':{'StartAt':'P','States':{'P':{'Type':'Succeed'}}}}}}"))
                .isEqualTo("DUPLICATE_STATE_NAME: Duplicate State name: X at /States/P/Branches[1]/States/X, "
                        + "DUPLICATE_STATE_NAME: Duplicate State name: P at /States/M/ItemProcessor/States/P");
    }

    @Test
    void branchesAreStartAtAndStatesBlocks() {
        assertThat(state("{'Type':'Parallel','End':true,'Branches':[{'StartAt':'X','States':{'X':{'Type':'Succeed'}},"
                + "'Bogus':1},{'States':{'Y':{'Type':'Succeed'}}},2]}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: Field 'Bogus' is not supported at /States/S/Branches[0], "
                        + "SCHEMA_VALIDATION_FAILED: These fields are required: [StartAt] at /States/S/Branches[1], "
                        + "SCHEMA_VALIDATION_FAILED: The value should be a JSON object at /States/S/Branches[2]");
    }

    // Developer guide, "Common state fields" and "Processing input and output"

    @Test
    void nextAndEndAreCheckedOnEveryStateThatTransitions() {
        // (a machine whose only state has no Next or End has no terminal state either)
        assertThat(state("{'Type':'Pass','Next':1}"))
                .startsWith("SCHEMA_VALIDATION_FAILED: The value should be a string at /States/S/Next, "
                        + "SCHEMA_VALIDATION_FAILED: One of these fields is required: [Next, End] at /States/S");
        assertThat(state("{'Type':'Pass','End':'yes'}"))
                .startsWith("SCHEMA_VALIDATION_FAILED: The value should be a boolean at /States/S/End, "
                        + "SCHEMA_VALIDATION_FAILED: One of these fields is required: [Next, End] at /States/S");
        assertThat(state("{'Type':'Pass','Next':'S','End':true}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: The fields 'Next' and 'End' cannot both be set at /States/S");
        assertThat(state("{'Type':'Pass','QueryLanguage':'XPath','End':true}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: The field 'QueryLanguage' should have one of these values: "
                        + "[JSONPath, JSONata] at /States/S/QueryLanguage");
    }

    @Test
    void resultPathAndAssignAreChecked() {
        assertThat(state("{'Type':'Pass','ResultPath':'$$.Execution.Id','End':true}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: The value for the field 'ResultPath' must be a valid ReferencePath"
                        + " at /States/S/ResultPath");
        assertThat(state("{'Type':'Pass','Assign':[],'End':true}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: The value should be a JSON object at /States/S/Assign");
        String badName = "SCHEMA_VALIDATION_FAILED: The variable name '%s' is not valid: use letters, digits and "
                + "underscores, not starting with a digit; 'states' is reserved at /States/S/Assign";
        assertThat(state("{'Type':'Pass','Assign':{'1x':1,'states.$':'$.a','ok_2.$':'$.b'},'End':true}"))
                .isEqualTo(badName.formatted("1x") + ", " + badName.formatted("states"));
        assertThat(jsonata("{'Type':'Pass','Assign':{'a-b':1},'Next':'D'}")).isEqualTo(badName.formatted("a-b"));
    }

    // Developer guide, "Task workflow state"

    @Test
    void taskResourceAndTimeoutsAreChecked() {
        assertThat(state("{'Type':'Task','End':true}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: These fields are required: [Resource] at /States/S");
        assertThat(task(",'TimeoutSeconds':10,'TimeoutSecondsPath':'$.t'"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: The fields 'TimeoutSeconds' and 'TimeoutSecondsPath' cannot "
                        + "both be set at /States/S");
        assertThat(task(",'TimeoutSeconds':10,'HeartbeatSeconds':10"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: The value of 'HeartbeatSeconds' must be less than the value of "
                        + "'TimeoutSeconds' at /States/S/HeartbeatSeconds");
        assertThat(task(",'TimeoutSeconds':0,'HeartbeatSecondsPath':'h'"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: The value should be an integer between 1 and 99999999 at "
                        + "/States/S/TimeoutSeconds, SCHEMA_VALIDATION_FAILED: The value for the field "
                        + "'HeartbeatSecondsPath' must be a valid JSONPath at /States/S/HeartbeatSecondsPath");
        assertThat(jsonata("{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke','Next':'D',"
                + "'TimeoutSeconds':'{% $states.input.t %}','HeartbeatSeconds':'{% 5 %}'}")).isEmpty();
    }

    // Developer guide, "Handling errors in Step Functions workflows" (Retry and Catch)

    @Test
    void retriersAreChecked() {
        assertThat(task(",'Retry':{}")).isEqualTo("SCHEMA_VALIDATION_FAILED: The value should be an array at "
                + "/States/S/Retry");
        assertThat(task(",'Retry':[1,{'Bogus':1},{'ErrorEquals':[1]}]"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: The value should be a JSON object at /States/S/Retry[0], "
                        + "SCHEMA_VALIDATION_FAILED: Field 'Bogus' is not supported at /States/S/Retry[1], "
                        + "SCHEMA_VALIDATION_FAILED: These fields are required: [ErrorEquals] at /States/S/Retry[1], "
                        + "SCHEMA_VALIDATION_FAILED: The value should be a string at /States/S/Retry[2]/ErrorEquals");
        assertThat(task(",'Retry':[{'ErrorEquals':['X'],'IntervalSeconds':0,'MaxAttempts':-1,'BackoffRate':0.5,"
                + "'MaxDelaySeconds':0,'JitterStrategy':'HALF'}]"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: The value should be an integer between 1 and 99999999 at "
                        + "/States/S/Retry[0]/IntervalSeconds, SCHEMA_VALIDATION_FAILED: The value should be a "
                        + "non-negative integer at /States/S/Retry[0]/MaxAttempts, SCHEMA_VALIDATION_FAILED: The value "
                        + "should be a number greater than or equal to 1.0 at /States/S/Retry[0]/BackoffRate, "
                        + "SCHEMA_VALIDATION_FAILED: The value should be an integer between 1 and 99999999 at "
                        + "/States/S/Retry[0]/MaxDelaySeconds, SCHEMA_VALIDATION_FAILED: The field 'JitterStrategy' "
                        + "should have one of these values: [FULL, NONE] at /States/S/Retry[0]/JitterStrategy");
        assertThat(task(",'Retry':[{'ErrorEquals':['States.ALL']},{'ErrorEquals':['X']}]"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: States.ALL must appear alone in ErrorEquals and in the last "
                        + "entry at /States/S/Retry[0]/ErrorEquals");
    }

    @Test
    void aRetrierTakesTheDocumentedDefaults() {
        Definition d = DefinitionParser.parse(("{'StartAt':'S','States':{'S':{'Type':'Task','Resource':"
                + "'arn:aws:states:::lambda:invoke','End':true,'Retry':[{'ErrorEquals':['X']},{'ErrorEquals':['Y'],"
                + "'IntervalSeconds':5,'MaxAttempts':0,'BackoffRate':1.5,'MaxDelaySeconds':9,'JitterStrategy':'FULL'}]}}}")
                .replace('\'', '"'));
        assertThat(d.root().state("S").retry()).containsExactly(new Retrier(List.of("X"), 1, 3, 2.0, null, false),
                new Retrier(List.of("Y"), 5, 0, 1.5, 9, true));
    }

    @Test
    void catchersAreCheckedInTheirStatesQueryLanguage() {
        assertThat(task(",'Catch':[{'ErrorEquals':['States.ALL'],'Next':'S','Output':{}}]"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONPath', but field 'Output' is "
                        + "only supported for the 'JSONata' QueryLanguage at /States/S/Catch[0]");
        assertThat(jsonata("{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke','Next':'D',"
                + "'Catch':[{'ErrorEquals':['States.ALL'],'Next':'D','ResultPath':'$.e'}]}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONata', but field 'ResultPath' is "
                        + "only supported for the 'JSONPath' QueryLanguage at /States/S/Catch[0]");
        assertThat(task(",'Catch':[{'ErrorEquals':['States.ALL'],'Next':'S','ResultPath':'e','Bogus':1}]"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: Field 'Bogus' is not supported at /States/S/Catch[0], "
                        + "SCHEMA_VALIDATION_FAILED: The value for the field 'ResultPath' must be a valid JSONPath at "
                        + "/States/S/Catch[0]/ResultPath");
    }

    // Developer guide, "Choice workflow state"

    @Test
    void choiceStatesAndTheirTargetsAreChecked() {
        assertThat(state("{'Type':'Choice','Default':1}"))
                .startsWith("SCHEMA_VALIDATION_FAILED: The value should be a string at /States/S/Default, "
                        + "SCHEMA_VALIDATION_FAILED: These fields are required: [Choices] at /States/S");
        assertThat(summary("{'StartAt':'S','States':{'S':{'Type':'Choice','Choices':[{'Variable':'$.a',"
                + "'IsPresent':true,'Next':'Gone'}],'Default':'Nowhere'},'D':{'Type':'Succeed'}}}"))
                .isEqualTo("MISSING_TRANSITION_TARGET: Missing 'Next' target: Nowhere at /States/S/Default, "
                        + "MISSING_TRANSITION_TARGET: Missing 'Next' target: Gone at /States/S/Choices[0]/Next");
    }

    @Test
    void jsonPathChoiceRulesAreChecked() {
        assertThat(choice("[1]")).isEqualTo("SCHEMA_VALIDATION_FAILED: The value should be a JSON object at "
                + "/States/S/Choices[0]");
        assertThat(choice("[{'Variable':'$.a','Next':'D'}]")).isEqualTo("SCHEMA_VALIDATION_FAILED: A choice rule "
                + "must have a comparison operator, or And, Or, Not at /States/S/Choices[0]");
        assertThat(choice("[{'Variable':'$.a','StringEquals':'x','IsPresent':true,'Next':'D'}]"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: A choice rule must have exactly one comparison operator at "
                        + "/States/S/Choices[0]");
        assertThat(choice("[{'Variable':'$.a','NumericEquals':'x','Next':'D'}]"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: The value for the field 'NumericEquals' has the wrong type at "
                        + "/States/S/Choices[0]/NumericEquals");
        assertThat(choice("[{'Variable':'a','IsPresent':true,'Next':'D'}]"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: The value for the field 'Variable' must be a valid JSONPath at "
                        + "/States/S/Choices[0]/Variable");
        assertThat(choice("[{'Variable':'$.a','StringEqualsPath':'b','Next':'D'}]"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: The value for the field 'StringEqualsPath' must be a valid "
                        + "JSONPath at /States/S/Choices[0]/StringEqualsPath");
        assertThat(choice("[{'And':[],'Next':'D'},{'Not':1,'Next':'D'}]"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: Value cannot be empty at /States/S/Choices[0]/And, "
                        + "SCHEMA_VALIDATION_FAILED: The value should be a JSON object at /States/S/Choices[1]/Not");
        assertThat(choice("[{'Not':{'Variable':'$.a','IsPresent':true,'Next':'D'},'Next':'D','Bogus':1}]"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: Field 'Next' is not supported at /States/S/Choices[0]/Not, "
                        + "SCHEMA_VALIDATION_FAILED: Field 'Bogus' is not supported at /States/S/Choices[0]");
    }

    @Test
    void jsonataChoiceRulesNeedACondition() {
        assertThat(jsonata("{'Type':'Choice','Choices':[{'Next':'D'},{'Condition':5,'Next':'D'}],'Default':'D'}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: These fields are required: [Condition] at /States/S/Choices[0], "
                        + "SCHEMA_VALIDATION_FAILED: The value for the field 'Condition' must be a JSONata expression or "
                        + "a boolean at /States/S/Choices[1]/Condition");
    }

    // Developer guide, "Wait workflow state" and "Fail workflow state"

    @Test
    void waitNeedsExactlyOneOfItsFourFields() {
        String exactlyOne = "SCHEMA_VALIDATION_FAILED: Exactly one of these fields is required: [Seconds, Timestamp, "
                + "SecondsPath, TimestampPath] at /States/S";
        assertThat(state("{'Type':'Wait','End':true}")).isEqualTo(exactlyOne);
        assertThat(state("{'Type':'Wait','Seconds':1,'TimestampPath':'$.t','End':true}")).isEqualTo(exactlyOne);
        assertThat(state("{'Type':'Wait','Seconds':-1,'End':true}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: The value should be a non-negative integer at /States/S/Seconds");
        assertThat(state("{'Type':'Wait','SecondsPath':'s','End':true}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: The value for the field 'SecondsPath' must be a valid JSONPath "
                        + "at /States/S/SecondsPath");
    }

    @Test
    void failTakesAFieldOrItsPathNotBoth() {
        assertThat(state("{'Type':'Fail','Error':'E','ErrorPath':'$.e','Cause':'C','CausePath':'$.c'}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: The fields 'Error' and 'ErrorPath' cannot both be set at "
                        + "/States/S, SCHEMA_VALIDATION_FAILED: The fields 'Cause' and 'CausePath' cannot both be set "
                        + "at /States/S");
    }

    // Developer guide, "Map workflow state" (ItemProcessor, ItemSelector, ItemBatcher, tolerated failures)

    @Test
    void mapFieldsAreChecked() {
        assertThat(state("{'Type':'Map','End':true}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: These fields are required: [ItemProcessor] at /States/S");
        assertThat(state("{'Type':'Map','End':true,'ItemProcessor':{'QueryLanguage':'JSONata','ProcessorConfig':"
                + "{'Mode':'PARALLEL'},'StartAt':'I','States':{'I':{'Type':'Succeed'}}}}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: Field 'QueryLanguage' is not supported at /States/S/ItemProcessor,"
                        + " SCHEMA_VALIDATION_FAILED: The field 'Mode' should have one of these values: [INLINE, "
                        + "DISTRIBUTED] at /States/S/ItemProcessor/ProcessorConfig/Mode");
        assertThat(map(",'ItemSelector':{},'Parameters':{}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: The fields 'ItemSelector' and 'Parameters' cannot both be set at "
                        + "/States/S");
        assertThat(map(",'MaxConcurrency':-1,'ToleratedFailureCount':-1,'ToleratedFailurePercentage':101,"
                + "'ItemBatcher':{'MaxItemsPerBatch':0,'MaxInputBytesPerBatch':0}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: The value should be a non-negative integer at "
                        + "/States/S/MaxConcurrency, SCHEMA_VALIDATION_FAILED: The value should be a non-negative "
                        + "integer at /States/S/ToleratedFailureCount, SCHEMA_VALIDATION_FAILED: The value should be a "
                        + "number between 0 and 100 at /States/S/ToleratedFailurePercentage, SCHEMA_VALIDATION_FAILED: "
                        + "The value should be an integer between 1 and 99999999 at /States/S/ItemBatcher/"
                        + "MaxItemsPerBatch, SCHEMA_VALIDATION_FAILED: The value should be an integer between 1 and "
                        + "99999999 at /States/S/ItemBatcher/MaxInputBytesPerBatch");
    }

    @Test
    void aMapsParametersIsItsItemSelectorAndIteratorItsItemProcessor() {
        Definition d = DefinitionParser.parse(("{'StartAt':'S','States':{'S':{'Type':'Map','End':true,"
                + "'Parameters':{'v.$':'$$.Map.Item.Value'},'Iterator':{'StartAt':'I','States':{'I':{'Type':'Succeed'}}}}}}")
                .replace('\'', '"'));
        MapState m = (MapState) d.root().state("S");
        assertThat(m.itemSelectorPath()).isNotNull();
        assertThat(m.parameters()).isNull();
        assertThat(m.itemProcessor().startAt()).isEqualTo("I");
        assertThat(d.container("/States/S/Iterator")).isSameAs(m.itemProcessor());
    }
}
