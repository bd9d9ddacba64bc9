# The demo stack: two random values, then a report file that records them.
# The demo blocks the report's folder with a plain file, so the deployment
# fails at local_file.report; once the file is removed, continuing the
# deployment creates the report and keeps the random values already made.

variable "report_name" {
  type    = string
  default = "summary"
}

resource "random_id" "build" {
  byte_length = 4
}

resource "random_string" "token" {
  length  = 12
  special = false
}

resource "local_file" "report" {
  filename = "${path.module}/reports/${var.report_name}.txt"
  content  = "build ${random_id.build.hex}, token ${random_string.token.result}\n"
}

output "report_file" {
  value = local_file.report.filename
}

output "build" {
  value = random_id.build.hex
}
