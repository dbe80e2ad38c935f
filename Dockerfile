# tickstream as an AWS Lambda container image. Build the jar first: ./mvnw package
FROM public.ecr.aws/lambda/java:21

# Lambda's Java runtime loads the classes in ${LAMBDA_TASK_ROOT} and the jars in ${LAMBDA_TASK_ROOT}/lib
COPY target/tickstream-0.1.0-SNAPSHOT-aws.jar ${LAMBDA_TASK_ROOT}/lib/

# Choose the function per deployment: SPRING_CLOUD_FUNCTION_DEFINITION=ingest or hourlyHigh
CMD [ "io.tickstream.lambda.LambdaHandler::handleRequest" ]
