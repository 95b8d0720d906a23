# Writes the man page splatview.1.gz from `splatview --help`, so the two never disagree.
# Run as: cmake -DSPLATVIEW=path/to/splatview -DOUT=path/to/splatview.1.gz -DVERSION=x.y.z -P man_page.cmake
execute_process(COMMAND ${SPLATVIEW} --help OUTPUT_VARIABLE help RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "splatview --help failed: ${status}")
endif()
# roff: a backslash is written \e; a line starting with . or ' would be a request.
string(REPLACE "\\" "\\e" help "${help}")
string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" help "${help}")
set(page ".TH SPLATVIEW 1 \"\" \"splatview ${VERSION}\" \"User Commands\"
.SH NAME
splatview \\- view 3D Gaussian Splatting scenes beside a researcher's profile
.SH SYNOPSIS
.B splatview
[\\fISCENE\\fR] [\\fIoptions\\fR]
.SH DESCRIPTION
The text below is the program's own \\fB\\-\\-help\\fR.
.PP
.nf
${help}
.fi
.SH FILES
.TP
~/.config/splatview/window.ini
the window's size and panel layout
.TP
/usr/share/doc/splatview/
README, camera path and profile formats, credits of the bundled data
")
get_filename_component(dir ${OUT} DIRECTORY)
file(WRITE ${dir}/splatview.1 "${page}")
file(ARCHIVE_CREATE OUTPUT ${OUT} PATHS ${dir}/splatview.1 FORMAT raw COMPRESSION GZip)
