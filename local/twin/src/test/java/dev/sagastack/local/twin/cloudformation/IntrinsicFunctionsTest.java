package dev.sagastack.local.twin.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each intrinsic on a small template, evaluated through a queue's property bag (an emulated type). */
class IntrinsicFunctionsTest {

    private static JsonNode tags(String tagsJson) {
        return tags(tagsJson, "");
    }

    /** Deploys one stack whose queue carries {@code tagsJson} as its Tags property; returns the evaluated Tags. */
    private static JsonNode tags(String tagsJson, String extraSections) {
        Deployment deployment = new InMemoryAssembly().stack("S", "{" + extraSections + "'Resources':{"
                + "'Table':{'Type':'AWS::DynamoDB::Table','Properties':{'TableName':'orders'}},"
                + "'Queue':{'Type':'AWS::SQS::Queue','Properties':{'Tags':" + tagsJson + "}}}}").deploy();
        return deployment.find("S", "Queue").orElseThrow().properties().get("Tags");
    }

    @Test
    void pseudoParametersAreTheLocalAccountAndRegion() {
        JsonNode tags = tags("[{'Ref':'AWS::Region'},{'Ref':'AWS::AccountId'},{'Ref':'AWS::Partition'},"
                + "{'Ref':'AWS::URLSuffix'},{'Ref':'AWS::StackName'}]");
        assertThat(tags.toString()).isEqualTo("[\"us-east-1\",\"000000000000\",\"aws\",\"amazonaws.com\",\"S\"]");
    }

    @Test
    void refAndGetAttOfATableAreItsNameArnAndStreamArn() {
        JsonNode tags = tags("[{'Ref':'Table'},{'Fn::GetAtt':['Table','Arn']},{'Fn::GetAtt':'Table.StreamArn'}]");
        assertThat(tags.get(0).asText()).isEqualTo("orders");
        assertThat(tags.get(1).asText()).isEqualTo("arn:aws:dynamodb:us-east-1:000000000000:table/orders");
        assertThat(tags.get(2).asText()).startsWith("arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/");
    }

    @Test
    void joinSelectAndSplit() {
        JsonNode tags = tags("[{'Fn::Join':['-',['a',{'Ref':'Table'},'c']]},"
                + "{'Fn::Select':[1,{'Fn::Split':[':','x:y:z']}]},"
                + "{'Fn::Select':['0',['only']]},"
                + "{'Fn::Join':['',[]]}]");
        assertThat(tags.toString()).isEqualTo("[\"a-orders-c\",\"y\",\"only\",\"\"]");
    }

    @Test
    void subInBothFormsWithAttributesAndEscapedLiterals() {
        JsonNode tags = tags("[{'Fn::Sub':'${AWS::Region}/${Table}/${Table.Arn}/${!Literal}'},"
                + "{'Fn::Sub':['${Name}-${AWS::AccountId}',{'Name':{'Fn::Join':['',['n',{'Ref':'Table'}]]}}]}]");
        assertThat(tags.get(0).asText())
                .isEqualTo("us-east-1/orders/arn:aws:dynamodb:us-east-1:000000000000:table/orders/${Literal}");
        assertThat(tags.get(1).asText()).isEqualTo("norders-000000000000");
    }

    @Test
    void conditionsChooseFnIfBranchesAndNoValueRemovesAProperty() {
        String sections = "'Parameters':{'Env':{'Type':'String','Default':'dev'}},"
                + "'Conditions':{'IsProd':{'Fn::Equals':[{'Ref':'Env'},'prod']},"
                + "'IsDev':{'Fn::Not':[{'Condition':'IsProd'}]},"
                + "'Both':{'Fn::And':[{'Condition':'IsDev'},{'Fn::Or':[{'Condition':'IsProd'},true]}]}},";
        JsonNode tags = tags("[{'Fn::If':['IsProd','p','d']},{'Fn::If':['Both','yes',{'Ref':'AWS::NoValue'}]},"
                + "{'Fn::If':['IsProd','gone',{'Ref':'AWS::NoValue'}]},{'K':{'Ref':'AWS::NoValue'}}]", sections);
        assertThat(tags.toString()).isEqualTo("[\"d\",\"yes\",{}]");
    }

    @Test
    void aResourceWhoseConditionIsFalseIsNotCreated() {
        Deployment deployment = new InMemoryAssembly().stack("S", "{'Conditions':{'No':{'Fn::Equals':['a','b']}},"
                + "'Resources':{'Queue':{'Type':'AWS::SQS::Queue','Condition':'No'},"
                + "'Other':{'Type':'AWS::SQS::Queue'}}}").deploy();
        assertThat(deployment.resources()).extracting(Deployment.Resource::logicalId).containsExactly("Other");
    }

    @Test
    void getAzsFindInMapAndBase64() {
        JsonNode tags = tags("[{'Fn::Select':[1,{'Fn::GetAZs':''}]},{'Fn::FindInMap':['M',{'Ref':'AWS::Partition'},'id']},"
                + "{'Fn::Base64':'hi'}]", "'Mappings':{'M':{'aws':{'id':'app-1'}}},");
        assertThat(tags.toString()).isEqualTo("[\"us-east-1b\",\"app-1\",\"aGk=\"]");
    }

    @Test
    void importValueReadsTheOtherStacksExport() {
        Deployment deployment = new InMemoryAssembly()
                .stack("Data", "{'Resources':{'Table':{'Type':'AWS::DynamoDB::Table'}},"
                        + "'Outputs':{'T':{'Value':{'Ref':'Table'},'Export':{'Name':'Data:TableName'}}}}")
                .stack("App", "{'Resources':{'Queue':{'Type':'AWS::SQS::Queue','Properties':"
                        + "{'Tags':[{'Fn::ImportValue':'Data:TableName'}]}}}}", "Data")
                .deploy();
        String tableName = deployment.find("Data", "Table").orElseThrow().physicalId();
        assertThat(tableName).matches("Data-Table-[A-Z0-9]{13}");
        assertThat(deployment.find("App", "Queue").orElseThrow().properties().get("Tags").get(0).asText()).isEqualTo(tableName);
    }

    @Test
    void ssmTypedParametersAndDynamicReferencesReadTheStagesParametersAndSecrets() {
        Deployment deployment = new InMemoryAssembly()
                .stack("Data", "{'Resources':{'Param':{'Type':'AWS::SSM::Parameter','Properties':"
                        + "{'Name':'/app/table','Type':'String','Value':'orders-table'}},"
                        + "'Secret':{'Type':'AWS::SecretsManager::Secret','Properties':{'Name':'db',"
                        + "'SecretString':'{\\'password\\':\\'pw1\\'}'}}}}")
                .stack("App", "{'Parameters':{'TableName':{'Type':'AWS::SSM::Parameter::Value<String>','Default':'/app/table'}},"
                        + "'Resources':{'Queue':{'Type':'AWS::SQS::Queue','Properties':{'Tags':[{'Ref':'TableName'},"
                        + "'{{resolve:ssm:/app/table}}!','{{resolve:secretsmanager:db:SecretString:password::}}']}}}}", "Data")
                .deploy();
        assertThat(deployment.find("App", "Queue").orElseThrow().properties().get("Tags").toString())
                .isEqualTo("[\"orders-table\",\"orders-table!\",\"pw1\"]");
    }

    @Test
    void anSsmTypedParameterNoStackCreatesIsAnErrorOnlyWhenUsed() {
        String unused = "{'Parameters':{'BootstrapVersion':{'Type':'AWS::SSM::Parameter::Value<String>',"
                + "'Default':'/cdk-bootstrap/hnb659fds/version'}},'Resources':{'Queue':{'Type':'AWS::SQS::Queue'}}}";
        assertThat(new InMemoryAssembly().stack("S", unused).deploy().resources()).hasSize(1);
        assertThatThrownBy(() -> tags("[{'Ref':'P'}]", "'Parameters':{'P':{'Type':'AWS::SSM::Parameter::Value<String>',"
                + "'Default':'/missing'}},"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("S/Queue").hasMessageContaining("/missing");
    }

    @Test
    void anUnknownIntrinsicOrResourceTypeOrMissingReferenceIsAnErrorNamingTheLogicalId() {
        assertThatThrownBy(() -> tags("[{'Fn::Transmogrify':'x'}]"))
                .isInstanceOf(TemplateException.class).hasMessage("S/Queue: Fn::Transmogrify is not an intrinsic function the twin evaluates");
        assertThatThrownBy(() -> tags("[{'Ref':'Nothing'}]"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("S/Queue: Ref Nothing");
        assertThatThrownBy(() -> tags("[{'Fn::GetAtt':['Table','Colour']}]"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("S/Queue: Fn::GetAtt Table.Colour");
        assertThatThrownBy(() -> new InMemoryAssembly().stack("S",
                "{'Resources':{'Bucket':{'Type':'AWS::S3::Bucket'}}}").deploy())
                .isInstanceOf(TemplateException.class)
                .hasMessage("S/Bucket: resource type AWS::S3::Bucket is neither emulated nor acknowledged by the twin");
        assertThatThrownBy(() -> new InMemoryAssembly().stack("S", "{'Resources':{'Fn':{'Type':'AWS::Lambda::Function',"
                + "'Properties':{'Runtime':'python3.12','Handler':'x.y'}}}}").deploy())
                .isInstanceOf(TemplateException.class).hasMessageContaining("S/Fn: runtime python3.12");
    }

    @Test
    void namesFollowCloudFormationsPatternAndAreStable() {
        String template = "{'Resources':{'FunctionsHttpApi2745A7C7':{'Type':'AWS::Lambda::Function','Properties':"
                + "{'Runtime':'java21','Handler':'a.B'}},"
                + "'Alias':{'Type':'AWS::Lambda::Alias','Properties':{'FunctionName':{'Ref':'FunctionsHttpApi2745A7C7'},"
                + "'FunctionVersion':{'Fn::GetAtt':['Version','Version']},'Name':'live'}},"
                + "'Version':{'Type':'AWS::Lambda::Version','Properties':{'FunctionName':{'Ref':'FunctionsHttpApi2745A7C7'}}},"
                + "'Machine':{'Type':'AWS::StepFunctions::StateMachine','Properties':{}},"
                + "'Dlq':{'Type':'AWS::SQS::Queue'}}}";
        Deployment first = new InMemoryAssembly().stack("Sagastack-dev-Stateless", template).deploy();
        Deployment second = new InMemoryAssembly().stack("Sagastack-dev-Stateless", template).deploy();
        String function = first.find("Sagastack-dev-Stateless", "FunctionsHttpApi2745A7C7").orElseThrow().physicalId();
        assertThat(function).hasSizeLessThanOrEqualTo(64).matches("Sagastack-dev-Stateless-FunctionsHttpApi2745A7C7-[A-Za-z0-9]{12}");
        assertThat(first.find("Sagastack-dev-Stateless", "Alias").orElseThrow().physicalId())
                .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:" + function + ":live");
        assertThat(first.find("Sagastack-dev-Stateless", "Alias").orElseThrow().properties().get("FunctionVersion").asText())
                .isEqualTo("1");
        assertThat(first.find("Sagastack-dev-Stateless", "Machine").orElseThrow().physicalId())
                .matches("arn:aws:states:us-east-1:000000000000:stateMachine:Machine-[A-Za-z0-9]{12}");
        assertThat(first.find("Sagastack-dev-Stateless", "Dlq").orElseThrow().physicalId())
                .matches("https://sqs.us-east-1.amazonaws.com/000000000000/Sagastack-dev-Stateless-Dlq-[A-Za-z0-9]{12}");
        assertThat(second.resources()).extracting(Deployment.Resource::physicalId)
                .containsExactlyElementsOf(first.resources().stream().map(Deployment.Resource::physicalId).toList());
    }
}
