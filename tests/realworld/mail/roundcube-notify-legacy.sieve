require ["notify","variables"];
# rule:[notify1]
if header :contains "from" "boss@example.org"
{
	notify :low :message "This is probably very important";
	stop;
}
# rule:[subject]
if header :matches "Subject" "*"
{
	set "subject" "${1}";
}
# rule:[from notify2]
if header :matches "From" "*"
{
	set "from" "${1}";
	notify :high :method "mailto" :options "test@example.org" :message "${from}: ${subject}";
}
