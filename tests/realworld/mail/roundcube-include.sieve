require ["include"];
include "script.sieve";
# rule:[two]
if true
{
	include :optional "second.sieve";
}
