require ["vacation"];
# rule:[test-vacation]
if header :contains "Subject" "vacation"
{
	vacation :days 1 text:
# test
test test /* test */
..
..test
test
.
;
	stop;
}
