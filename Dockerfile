# tickstream as an AWS Lambda container image. Build the jar first: ./mvnw package
# AWS's Java 21 base image (Corretto 21.0.11, linux/amd64, as published in July 2026), pinned by
# digest so that a rebuild gets the same runtime; refresh it deliberately with
#   docker buildx imagetools inspect public.ecr.aws/lambda/java:21
FROM public.ecr.aws/lambda/java:21@sha256:1dac9793c19eba748139fa1b9c722b36242425b61936419dea33e3d122e6e336

# Lambda's Java runtime loads the classes in ${LAMBDA_TASK_ROOT} and the jars in ${LAMBDA_TASK_ROOT}/lib
COPY target/tickstream-0.1.0-SNAPSHOT-aws.jar ${LAMBDA_TASK_ROOT}/lib/

# Choose the function per deployment: SPRING_CLOUD_FUNCTION_DEFINITION=ingest or hourlyHigh
CMD [ "io.tickstream.lambda.LambdaHandler::handleRequest" ]
