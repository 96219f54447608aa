# Turns files into a C++ source that maps their names (relative to the calling
# folder) to their bytes, so the executable carries its own pages, stylesheets and
# migrations and needs no files beside it.
#   tipline_embed_files(target out_cpp files... [NAMESPACE ns] [HEADER path] [FUNCTION name])
# defines `const std::map<std::string_view, std::string_view>& ns::name()`, declared in
# HEADER. Without them it is tipline::web::embedded_files() of web/embedded_files.hpp.
function(tipline_embed_files target out_cpp)
  cmake_parse_arguments(PARSE_ARGV 2 embed "" "NAMESPACE;HEADER;FUNCTION" "")
  set(inputs ${embed_UNPARSED_ARGUMENTS})
  if(NOT embed_NAMESPACE)
    set(embed_NAMESPACE tipline::web)
  endif()
  if(NOT embed_HEADER)
    set(embed_HEADER web/embedded_files.hpp)
  endif()
  if(NOT embed_FUNCTION)
    set(embed_FUNCTION embedded_files)
  endif()
  add_custom_command(
    OUTPUT ${out_cpp}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out_cpp} -DBASE=${CMAKE_CURRENT_SOURCE_DIR}
            -DNAMESPACE=${embed_NAMESPACE} -DHEADER=${embed_HEADER} -DFUNCTION=${embed_FUNCTION}
            "-DFILES=${inputs}" -P ${PROJECT_SOURCE_DIR}/cmake/embed_files_script.cmake
    DEPENDS ${inputs} ${PROJECT_SOURCE_DIR}/cmake/embed_files_script.cmake
    COMMENT "Embedding files into ${target}"
    VERBATIM)
  target_sources(${target} PRIVATE ${out_cpp})
endfunction()
