package dev.sagastack.config;

import dev.sagastack.awsjson.AwsJsonRpc;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.SfnServiceClientConfiguration;
import software.amazon.awssdk.services.sfn.model.ActivityAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ActivityDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ActivityLimitExceededException;
import software.amazon.awssdk.services.sfn.model.ActivityWorkerLimitExceededException;
import software.amazon.awssdk.services.sfn.model.ConflictException;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineForExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineForExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineRequest;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionLimitExceededException;
import software.amazon.awssdk.services.sfn.model.ExecutionNotRedrivableException;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryRequest;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.InvalidEncryptionConfigurationException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidLoggingConfigurationException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.InvalidOutputException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.InvalidTracingConfigurationException;
import software.amazon.awssdk.services.sfn.model.KmsAccessDeniedException;
import software.amazon.awssdk.services.sfn.model.KmsInvalidStateException;
import software.amazon.awssdk.services.sfn.model.KmsThrottlingException;
import software.amazon.awssdk.services.sfn.model.ListExecutionsRequest;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesRequest;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesResponse;
import software.amazon.awssdk.services.sfn.model.MissingRequiredParameterException;
import software.amazon.awssdk.services.sfn.model.RedriveExecutionRequest;
import software.amazon.awssdk.services.sfn.model.RedriveExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.SendTaskFailureRequest;
import software.amazon.awssdk.services.sfn.model.SendTaskFailureResponse;
import software.amazon.awssdk.services.sfn.model.SendTaskHeartbeatRequest;
import software.amazon.awssdk.services.sfn.model.SendTaskHeartbeatResponse;
import software.amazon.awssdk.services.sfn.model.SendTaskSuccessRequest;
import software.amazon.awssdk.services.sfn.model.SendTaskSuccessResponse;
import software.amazon.awssdk.services.sfn.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StateMachineDeletingException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StateMachineLimitExceededException;
import software.amazon.awssdk.services.sfn.model.StateMachineTypeNotSupportedException;
import software.amazon.awssdk.services.sfn.model.StopExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StopExecutionResponse;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;
import software.amazon.awssdk.services.sfn.model.TooManyTagsException;
import software.amazon.awssdk.services.sfn.model.ValidationException;
import software.amazon.awssdk.services.sfn.model.SfnException;

/**
 * The functions' Step Functions client: the SDK's {@link SfnClient} interface, model classes and exceptions, sent
 * as signed AWS JSON 1.0 requests by {@link AwsJsonRpc} instead of through an SDK client (Step Functions API
 * reference, "Making requests"; target prefix {@code AWSStepFunctions}, signing name {@code states}). Retries
 * are the SDK's legacy defaults: 3 retries (4 attempts), 100 ms base delay.
 * <p>The execution, history, state machine description and task token operations are implemented; the
 * request-builder variants and paginators are the interface's defaults, which call these. Any other operation is
 * refused as by the interface's own defaults ({@link UnsupportedOperationException}).
 */
public final class SfnJsonClient implements SfnClient {

    /** Step Functions in the AWS JSON protocol, as the SDK's client describes it. */
    public static final AwsJsonRpc.Service SERVICE = new AwsJsonRpc.Service("Sfn", "states", "AWSStepFunctions",
            "1.0", SfnJsonClient::modeledError, SfnException::builder, 4, 100);

    private final AwsJsonRpc rpc;

    public SfnJsonClient(AwsJsonRpc rpc) {
        this.rpc = rpc;
    }

    @Override
    public StartExecutionResponse startExecution(StartExecutionRequest request) {
        return rpc.call("StartExecution", request, StartExecutionResponse.builder());
    }

    @Override
    public DescribeExecutionResponse describeExecution(DescribeExecutionRequest request) {
        return rpc.call("DescribeExecution", request, DescribeExecutionResponse.builder());
    }

    @Override
    public StopExecutionResponse stopExecution(StopExecutionRequest request) {
        return rpc.call("StopExecution", request, StopExecutionResponse.builder());
    }

    @Override
    public RedriveExecutionResponse redriveExecution(RedriveExecutionRequest request) {
        return rpc.call("RedriveExecution", request, RedriveExecutionResponse.builder());
    }

    @Override
    public ListExecutionsResponse listExecutions(ListExecutionsRequest request) {
        return rpc.call("ListExecutions", request, ListExecutionsResponse.builder());
    }

    @Override
    public GetExecutionHistoryResponse getExecutionHistory(GetExecutionHistoryRequest request) {
        return rpc.call("GetExecutionHistory", request, GetExecutionHistoryResponse.builder());
    }

    @Override
    public DescribeStateMachineResponse describeStateMachine(DescribeStateMachineRequest request) {
        return rpc.call("DescribeStateMachine", request, DescribeStateMachineResponse.builder());
    }

    @Override
    public DescribeStateMachineForExecutionResponse describeStateMachineForExecution(DescribeStateMachineForExecutionRequest request) {
        return rpc.call("DescribeStateMachineForExecution", request, DescribeStateMachineForExecutionResponse.builder());
    }

    @Override
    public ListStateMachinesResponse listStateMachines(ListStateMachinesRequest request) {
        return rpc.call("ListStateMachines", request, ListStateMachinesResponse.builder());
    }

    @Override
    public SendTaskSuccessResponse sendTaskSuccess(SendTaskSuccessRequest request) {
        return rpc.call("SendTaskSuccess", request, SendTaskSuccessResponse.builder());
    }

    @Override
    public SendTaskFailureResponse sendTaskFailure(SendTaskFailureRequest request) {
        return rpc.call("SendTaskFailure", request, SendTaskFailureResponse.builder());
    }

    @Override
    public SendTaskHeartbeatResponse sendTaskHeartbeat(SendTaskHeartbeatRequest request) {
        return rpc.call("SendTaskHeartbeat", request, SendTaskHeartbeatResponse.builder());
    }

    @Override
    public SfnServiceClientConfiguration serviceClientConfiguration() {
        return SfnServiceClientConfiguration.builder().region(rpc.region()).endpointOverride(rpc.endpoint()).build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    /** Holds no connection of its own: the HTTP client is the container's. */
    @Override
    public void close() {
    }

    /** The model's exception for an error code Step Functions' model names, or null ({@code DefaultSfnClient}'s table). */
    static AwsServiceException.Builder modeledError(String code) {
        return switch (code) {
            case "ActivityAlreadyExists" -> ActivityAlreadyExistsException.builder();
            case "ActivityDoesNotExist" -> ActivityDoesNotExistException.builder();
            case "ActivityLimitExceeded" -> ActivityLimitExceededException.builder();
            case "ActivityWorkerLimitExceeded" -> ActivityWorkerLimitExceededException.builder();
            case "ConflictException" -> ConflictException.builder();
            case "ExecutionAlreadyExists" -> ExecutionAlreadyExistsException.builder();
            case "ExecutionDoesNotExist" -> ExecutionDoesNotExistException.builder();
            case "ExecutionLimitExceeded" -> ExecutionLimitExceededException.builder();
            case "ExecutionNotRedrivable" -> ExecutionNotRedrivableException.builder();
            case "InvalidArn" -> InvalidArnException.builder();
            case "InvalidDefinition" -> InvalidDefinitionException.builder();
            case "InvalidEncryptionConfiguration" -> InvalidEncryptionConfigurationException.builder();
            case "InvalidExecutionInput" -> InvalidExecutionInputException.builder();
            case "InvalidLoggingConfiguration" -> InvalidLoggingConfigurationException.builder();
            case "InvalidName" -> InvalidNameException.builder();
            case "InvalidOutput" -> InvalidOutputException.builder();
            case "InvalidToken" -> InvalidTokenException.builder();
            case "InvalidTracingConfiguration" -> InvalidTracingConfigurationException.builder();
            case "KmsAccessDeniedException" -> KmsAccessDeniedException.builder();
            case "KmsInvalidStateException" -> KmsInvalidStateException.builder();
            case "KmsThrottlingException" -> KmsThrottlingException.builder();
            case "MissingRequiredParameter" -> MissingRequiredParameterException.builder();
            case "ResourceNotFound" -> ResourceNotFoundException.builder();
            case "ServiceQuotaExceededException" -> ServiceQuotaExceededException.builder();
            case "StateMachineAlreadyExists" -> StateMachineAlreadyExistsException.builder();
            case "StateMachineDeleting" -> StateMachineDeletingException.builder();
            case "StateMachineDoesNotExist" -> StateMachineDoesNotExistException.builder();
            case "StateMachineLimitExceeded" -> StateMachineLimitExceededException.builder();
            case "StateMachineTypeNotSupported" -> StateMachineTypeNotSupportedException.builder();
            case "TaskDoesNotExist" -> TaskDoesNotExistException.builder();
            case "TaskTimedOut" -> TaskTimedOutException.builder();
            case "TooManyTags" -> TooManyTagsException.builder();
            case "ValidationException" -> ValidationException.builder();
            default -> null;
        };
    }
}
