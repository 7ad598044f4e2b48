# The one place for compiler warning flags.
function(tsdist_warnings target)
	target_compile_options(${target} PRIVATE -Wall -Wextra -Wvla -Wimplicit-fallthrough)
	if(WARNINGS_AS_ERRORS)
		target_compile_options(${target} PRIVATE -Werror)
	endif()
endfunction()
